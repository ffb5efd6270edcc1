namespace CustomerRetention.Domain.Loyalty;

/// <summary>The soonest expiry: the date and the points (of every lot) expiring after it.</summary>
public sealed record NextExpiry(DateOnly Date, long Points);

/// <summary>
/// An account's balances at one moment, all derived from the lots and the journal.
/// </summary>
/// <param name="Available">Remaining points of lots that are neither pending nor expired: what can be redeemed.</param>
/// <param name="Pending">Remaining points of lots still in their pending period.</param>
/// <param name="Debt">Points reversed after they were spent, settled by later awards.</param>
/// <param name="LifetimeEarned">Points earned on orders, less what refunds reversed.</param>
/// <param name="NextExpiry">The soonest expiry of available or pending points, or null.</param>
public sealed record LoyaltyBalance(long Available, long Pending, long Debt, long LifetimeEarned, NextExpiry? NextExpiry);
