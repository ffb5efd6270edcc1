using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Orders;

namespace CustomerRetention.Application.Lifecycle.MoveOnPurchase;

/// <summary>
/// The automatic transitions of a completed order (SPEC §3): a prospect's first purchase or a
/// churned customer's win-back moves them to <c>retention</c>, in the order's transaction. The
/// customer's row is locked first, so concurrent orders of one customer are applied one after
/// the other and never produce two "first purchase" transitions.
/// </summary>
public sealed class MoveOnPurchaseHandler(IApplicationDbContext db) : IDomainEventHandler<OrderRecorded>
{
    public async ValueTask Handle(OrderRecorded domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (!domainEvent.IsCompleted)
        {
            return;
        }

        var customer = await db.LockCustomerAsync(domainEvent.BuyerId, cancellationToken)
            ?? throw new NotFoundException("Customer", domainEvent.BuyerId);
        customer.RecordCompletedOrder(domainEvent.OrderedAt, domainEvent.OccurredAt);
    }
}
