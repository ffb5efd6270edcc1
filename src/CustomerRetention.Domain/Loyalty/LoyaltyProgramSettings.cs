using CustomerRetention.Domain.BuildingBlocks;

namespace CustomerRetention.Domain.Loyalty;

/// <summary>Whether earned points expire.</summary>
public enum LoyaltyExpiryKind
{
    /// <summary>Points never expire.</summary>
    None,

    /// <summary>Points expire a fixed number of days after the (local) date they were earned.</summary>
    DaysAfterEarn,
}

/// <summary>
/// The program's settings the points ledger needs (one program per deployment). Validated on
/// construction so that no ledger operation has to second-guess them.
/// </summary>
public sealed record LoyaltyProgramSettings
{
    /// <summary>The defaults: 1 point per currency unit, expiry 365 days after earn, no pending period.</summary>
    public static readonly LoyaltyProgramSettings Default = new();

    public LoyaltyProgramSettings(decimal pointsPerCurrencyUnit = 1m, LoyaltyExpiryKind expiry = LoyaltyExpiryKind.DaysAfterEarn, int expiryDays = 365, int pendingDays = 0)
    {
        if (pointsPerCurrencyUnit < 0)
        {
            throw new DomainValidationException("pointsPerCurrencyUnit", "pointsPerCurrencyUnit must be zero or more.");
        }

        if (!Enum.IsDefined(expiry))
        {
            throw new DomainValidationException("expiry", "expiry must be none or days-after-earn.");
        }

        if (expiry == LoyaltyExpiryKind.DaysAfterEarn && expiryDays < 1)
        {
            throw new DomainValidationException("expiry.days", "expiry.days must be at least 1.");
        }

        if (pendingDays < 0)
        {
            throw new DomainValidationException("pendingDays", "pendingDays must be zero or more.");
        }

        PointsPerCurrencyUnit = pointsPerCurrencyUnit;
        Expiry = expiry;
        ExpiryDays = expiryDays;
        PendingDays = pendingDays;
    }

    /// <summary>Points per currency unit of a completed order's amount (the product is rounded down per order).</summary>
    public decimal PointsPerCurrencyUnit { get; }

    public LoyaltyExpiryKind Expiry { get; }

    /// <summary>Days after the earn date on which a lot expires (its last usable day); ignored without expiry.</summary>
    public int ExpiryDays { get; }

    /// <summary>Days an earned lot stays pending (e.g. a return window) before it can be redeemed.</summary>
    public int PendingDays { get; }

    /// <summary>The points an order of <paramref name="orderAmount"/> earns: <c>floor(amount × rate)</c>.</summary>
    public long PointsFor(decimal orderAmount)
    {
        if (orderAmount < 0)
        {
            throw new DomainValidationException("orderAmount", "The order amount must be zero or more.");
        }

        return (long)decimal.Floor(orderAmount * PointsPerCurrencyUnit);
    }

    /// <summary>The last usable date of a lot earned on <paramref name="earnedOn"/>, or null when points never expire.</summary>
    public DateOnly? ExpiresOn(DateOnly earnedOn) =>
        Expiry == LoyaltyExpiryKind.None ? null : earnedOn.AddDays(ExpiryDays);

    /// <summary>When points earned at <paramref name="earnedAt"/> become redeemable.</summary>
    public DateTimeOffset AvailableAt(DateTimeOffset earnedAt) => earnedAt.AddDays(PendingDays);
}
