using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Webhooks.Contracts;
using CustomerRetention.Domain.Webhooks;
using Mediator;

namespace CustomerRetention.Application.Webhooks.RotateWebhookSecret;

/// <summary>
/// Give a subscription a new secret, shown once; the previous one keeps signing for
/// <c>Webhooks:SecretOverlap</c>, so the receiver can switch without refusing a delivery.
/// A rotation during an overlap ends the older secret at once.
/// </summary>
public sealed record RotateWebhookSecretCommand(Guid Id) : ICommand<WebhookSecretDto>;

public sealed class RotateWebhookSecretHandler(IApplicationDbContext db, TimeProvider clock, WebhookSettings settings)
    : ICommandHandler<RotateWebhookSecretCommand, WebhookSecretDto>
{
    public async ValueTask<WebhookSecretDto> Handle(RotateWebhookSecretCommand command, CancellationToken cancellationToken)
    {
        var webhook = await WebhookLookup.FindAsync(db, command.Id, expectedVersion: null, cancellationToken);
        var secret = WebhookSecret.Generate();
        var now = clock.UtcNowMicroseconds();
        webhook.RotateSecret(secret, settings.SecretOverlap, now);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretDto { WebhookId = webhook.Id, Secret = secret, RotatedAt = now, PreviousSecretExpiresAt = webhook.PreviousSecretExpiresAt };
    }
}
