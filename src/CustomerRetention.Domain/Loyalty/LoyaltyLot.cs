namespace CustomerRetention.Domain.Loyalty;

/// <summary>
/// Points awarded together (by one earn or positive adjustment), redeemed and expired as a unit.
/// Only the journal changes <see cref="Remaining"/>, so a lot is always what its entries say.
/// </summary>
public sealed class LoyaltyLot
{
    internal LoyaltyLot(LotTerms terms, int order)
    {
        Id = terms.LotId;
        Points = terms.Points;
        EarnedAt = terms.EarnedAt;
        AvailableAt = terms.AvailableAt;
        ExpiresOn = terms.ExpiresOn;
        OrderId = terms.OrderId;
        Order = order;
    }

    public Guid Id { get; }

    public long Points { get; }

    public long Remaining { get; private set; }

    public DateTimeOffset EarnedAt { get; }

    /// <summary>Before this instant the lot is pending: counted, not redeemable.</summary>
    public DateTimeOffset AvailableAt { get; }

    /// <summary>The last date the lot can be used (null: never expires).</summary>
    public DateOnly? ExpiresOn { get; }

    /// <summary>The order that earned the lot, or null for an adjustment.</summary>
    public Guid? OrderId { get; }

    /// <summary>The lot's creation order: the last tie-break of the redeem order.</summary>
    internal int Order { get; }

    /// <summary>Whether the lot is past its last usable date on <paramref name="today"/>.</summary>
    public bool IsExpiredOn(DateOnly today) => ExpiresOn is { } last && last < today;

    /// <summary>Whether the lot's remaining points can be taken at <paramref name="time"/> (not expired, whether pending or not).</summary>
    internal bool IsLive(LedgerTime time) => Remaining > 0 && !IsExpiredOn(time.Today);

    /// <summary>Whether the lot's remaining points are redeemable at <paramref name="time"/>.</summary>
    public bool IsAvailable(LedgerTime time) => IsLive(time) && AvailableAt <= time.At;

    internal void Change(long points)
    {
        var remaining = Remaining + points;
        if (remaining < 0 || remaining > Points)
        {
            throw new InvalidOperationException($"Lot {Id} would hold {remaining} of {Points} points.");
        }

        Remaining = remaining;
    }

    /// <summary>
    /// The redeem order: the lot expiring soonest first, then the earliest earned, lots without
    /// expiry last.
    /// </summary>
    internal static int RedeemOrder(LoyaltyLot a, LoyaltyLot b)
    {
        var byExpiry = (a.ExpiresOn, b.ExpiresOn) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } x, { } y) => x.CompareTo(y),
        };
        if (byExpiry != 0)
        {
            return byExpiry;
        }

        var byEarn = a.EarnedAt.CompareTo(b.EarnedAt);
        return byEarn != 0 ? byEarn : a.Order.CompareTo(b.Order);
    }
}
