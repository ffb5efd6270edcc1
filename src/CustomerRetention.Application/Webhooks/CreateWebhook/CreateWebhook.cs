using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Webhooks.Contracts;
using CustomerRetention.Domain.Webhooks;
using Mediator;

namespace CustomerRetention.Application.Webhooks.CreateWebhook;

/// <summary>Create a subscription; the response is the only place its secret ever appears.</summary>
public sealed record CreateWebhookCommand(WebhookFields Fields) : ICommand<CreatedWebhookDto>;

public sealed class CreateWebhookHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IWebhookAddressGuard guard)
    : ICommandHandler<CreateWebhookCommand, CreatedWebhookDto>
{
    public async ValueTask<CreatedWebhookDto> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var details = command.Fields.ToDetails();
        await WebhookLookup.CheckAddressAsync(guard, details.Url, cancellationToken);
        var secret = WebhookSecret.Generate();
        var webhook = Webhook.Create(details, secret, await WebhookLookup.FeedHeadAsync(db, cancellationToken), clock.UtcNowMicroseconds());
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<CreatedWebhookDto>(webhook) with { Secret = secret };
    }
}
