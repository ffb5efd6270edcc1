using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;

namespace CustomerRetention.Application.Webhooks.DeleteWebhook;

/// <summary>Remove a subscription and its deliveries: nothing more is sent to it (an attempt already on the wire ends unrecorded).</summary>
public sealed record DeleteWebhookCommand(Guid Id, uint? ExpectedVersion) : ICommand;

public sealed class DeleteWebhookHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteWebhookCommand>
{
    public async ValueTask<Unit> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await WebhookLookup.FindAsync(db, command.Id, command.ExpectedVersion, cancellationToken);
        webhook.MarkDeleted(clock.UtcNowMicroseconds());
        db.Webhooks.Remove(webhook);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}
