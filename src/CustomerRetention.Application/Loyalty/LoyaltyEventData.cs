using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Loyalty;

namespace CustomerRetention.Application.Loyalty;

/// <summary>
/// The event-log data of <c>loyalty.points-changed</c>: the journal transaction as the ledger
/// wrote it — its type, signed points (the sum of its allocations to lots), debt change, what it
/// answers (order, redemption, refund, reason) and who and when (docs/events.md).
/// </summary>
internal sealed class LoyaltyEventData : IEventData<LoyaltyPointsChanged>
{
    public object DataOf(LoyaltyPointsChanged domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var entry = domainEvent.Entry;
        return new CreatedData<TransactionState>(new TransactionState(
            entry.Id,
            domainEvent.AccountId,
            domainEvent.AccountCustomerId,
            entry.Sequence,
            LoyaltyEntryTypeNames.Of(entry.Type),
            entry.Points,
            entry.DebtChange,
            [.. entry.Allocations.Select(a => new AllocationState(a.LotId, a.Points))],
            entry.OrderId,
            entry.RedemptionId,
            entry.Refund is { } refund ? new RefundState(refund.RefundId, refund.OrderAmount, refund.RefundedAmount) : null,
            entry.Reference,
            entry.Reason,
            entry.Actor,
            entry.At));
    }

    /// <summary>One journal transaction of a points ledger.</summary>
    private sealed record TransactionState(
        Guid Id, Guid AccountId, Guid CustomerId, int Sequence, string Type, long Points, long DebtChange, IReadOnlyList<AllocationState> Allocations,
        Guid? OrderId, Guid? RedemptionId, RefundState? Refund, string? Reference, string? Reason, string Actor, DateTimeOffset At);

    /// <summary>Points a transaction took from or gave to one lot.</summary>
    private sealed record AllocationState(Guid LotId, long Points);

    /// <summary>The refund a reversal answers: its id, the order's amount and the amount refunded.</summary>
    private sealed record RefundState(Guid RefundId, decimal OrderAmount, decimal RefundedAmount);
}
