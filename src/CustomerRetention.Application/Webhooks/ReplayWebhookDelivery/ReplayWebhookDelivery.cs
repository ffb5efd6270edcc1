using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Webhooks.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Webhooks.ReplayWebhookDelivery;

/// <summary>
/// Queue a delivery again (typically a failed one) for an attempt now, with the whole retry
/// schedule ahead of it; its attempts so far stay in its log. The event is sent with the same
/// <c>webhook-id</c>, so a receiver that already processed it can tell.
/// </summary>
public sealed record ReplayWebhookDeliveryCommand(Guid Id) : ICommand<WebhookDeliveryDto>;

public sealed class ReplayWebhookDeliveryHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock)
    : ICommandHandler<ReplayWebhookDeliveryCommand, WebhookDeliveryDto>
{
    public async ValueTask<WebhookDeliveryDto> Handle(ReplayWebhookDeliveryCommand command, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("Webhook delivery", command.Id);
        delivery.Replay(clock.UtcNowMicroseconds());
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<WebhookDeliveryDto>(delivery);
    }
}
