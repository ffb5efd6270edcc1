using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Loyalty;

/// <summary>
/// <c>loyalty.points-changed</c>: one journal entry was written to a customer's account. The
/// entry carries its type, signed points, debt change and allocations, so readers need nothing
/// else to follow the ledger.
/// </summary>
public sealed record LoyaltyPointsChanged(Guid AccountId, Guid AccountCustomerId, LoyaltyEntry Entry) : IDomainEvent
{
    public const string EventType = "loyalty.points-changed";

    public string Type => EventType;

    public DateTimeOffset OccurredAt => Entry.At;

    public Guid? CustomerId => AccountCustomerId;

    public ResourceRef Resource => new(LoyaltyAccount.TransactionResourceType, Entry.Id);
}
