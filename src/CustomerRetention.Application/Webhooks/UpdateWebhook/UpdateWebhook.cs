using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Webhooks.Contracts;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Webhooks.UpdateWebhook;

/// <summary>Merge-patch (RFC 7396) of a subscription; the merged document is validated like a create.</summary>
public sealed record UpdateWebhookCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<WebhookDto>;

public sealed class UpdateWebhookHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, WebhookSettings settings, IWebhookAddressGuard guard)
    : ICommandHandler<UpdateWebhookCommand, WebhookDto>
{
    public async ValueTask<WebhookDto> Handle(UpdateWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await WebhookLookup.FindAsync(db, command.Id, command.ExpectedVersion, cancellationToken);
        var fields = JsonMergePatch.ApplyTo(WebhookFields.From(webhook.ToDetails()), command.Patch);
        var validation = await new WebhookFieldsValidator(settings).ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        var details = fields.ToDetails();
        if (details.Url != webhook.Url)
        {
            await WebhookLookup.CheckAddressAsync(guard, details.Url, cancellationToken);
        }

        webhook.Update(details, await WebhookLookup.FeedHeadAsync(db, cancellationToken), clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<WebhookDto>(webhook);
    }
}
