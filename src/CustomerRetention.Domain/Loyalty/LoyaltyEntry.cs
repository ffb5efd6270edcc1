namespace CustomerRetention.Domain.Loyalty;

/// <summary>The kinds of journal entries.</summary>
public enum LoyaltyEntryType
{
    Earn,
    Redeem,
    Expire,
    Reverse,
    Restore,
    Adjust,
    SettleDebt,
}

/// <summary>The API names of the entry types (<c>settle-debt</c>).</summary>
public static class LoyaltyEntryTypeNames
{
    public static string Of(LoyaltyEntryType type) => type switch
    {
        LoyaltyEntryType.Earn => "earn",
        LoyaltyEntryType.Redeem => "redeem",
        LoyaltyEntryType.Expire => "expire",
        LoyaltyEntryType.Reverse => "reverse",
        LoyaltyEntryType.Restore => "restore",
        LoyaltyEntryType.Adjust => "adjust",
        LoyaltyEntryType.SettleDebt => "settle-debt",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown entry type."),
    };
}

/// <summary>Points added to (positive) or taken from (negative) one lot by one entry.</summary>
public readonly record struct LotAllocation(Guid LotId, long Points);

/// <summary>The terms of the lot an entry opens (an earn or a positive adjustment); the entry's allocation fills it.</summary>
public sealed record LotTerms(Guid LotId, long Points, DateTimeOffset EarnedAt, DateTimeOffset AvailableAt, DateOnly? ExpiresOn, Guid? OrderId);

/// <summary>The refund a <c>reverse</c> entry records: with the amounts kept, later partial refunds compute cumulatively.</summary>
public sealed record RefundBasis(Guid RefundId, decimal OrderAmount, decimal RefundedAmount);

/// <summary>
/// One append-only journal row. <see cref="Points"/> is always the sum of the
/// <see cref="Allocations"/> (the signed change of the lots); <see cref="DebtChange"/> is the
/// signed change of the debt, kept apart so that neither lots nor debt ever go negative. The
/// entries alone rebuild every lot and balance (<see cref="LoyaltyAccount.Rebuild"/>).
/// </summary>
public sealed record LoyaltyEntry
{
    public required Guid Id { get; init; }

    /// <summary>The position in the account's journal, from 1.</summary>
    public required int Sequence { get; init; }

    public required LoyaltyEntryType Type { get; init; }

    public required long Points { get; init; }

    public long DebtChange { get; init; }

    public required IReadOnlyList<LotAllocation> Allocations { get; init; }

    /// <summary>The lot this entry opens, or null.</summary>
    public LotTerms? OpensLot { get; init; }

    /// <summary>
    /// The command that wrote the entry (<c>order:{id}:earn</c>, <c>redemption:{id}</c>,
    /// <c>refund:{id}</c>, <c>adjustment:{id}</c>, <c>expiry:{lot}</c>): every entry of one command
    /// shares it, and a repeated command returns those entries instead of writing new ones.
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The order the entry is about (earned on, paid with points, refunded), or null.</summary>
    public Guid? OrderId { get; init; }

    /// <summary>The redemption redeemed, or restored from.</summary>
    public Guid? RedemptionId { get; init; }

    public RefundBasis? Refund { get; init; }

    /// <summary>The caller's reference of a redemption.</summary>
    public string? Reference { get; init; }

    /// <summary>Why (required for adjustments).</summary>
    public string? Reason { get; init; }

    /// <summary>Who: a user id or <c>system</c>.</summary>
    public required string Actor { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The points a <c>reverse</c> entry took back in all: from lots and as new debt.</summary>
    public long Reversed => Type == LoyaltyEntryType.Reverse ? -Points + DebtChange : 0;
}
