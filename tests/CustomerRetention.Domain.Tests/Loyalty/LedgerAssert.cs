using CustomerRetention.Domain.Loyalty;

namespace CustomerRetention.Domain.Tests.Loyalty;

/// <summary>The ledger invariants every test checks after its commands: the journal alone rebuilds the state, and nothing is negative.</summary>
internal static class LedgerAssert
{
    /// <summary>Replays the journal into a new account and compares every lot and balance; checks each entry's allocations and the non-negative invariants.</summary>
    public static void Consistent(LoyaltyAccount account, LedgerTime time)
    {
        var rebuilt = LoyaltyAccount.Rebuild(account.Id, account.CustomerId, account.Journal);
        Assert.Equal(Describe(account), Describe(rebuilt));
        Assert.Equal(account.Balance(time), rebuilt.Balance(time));

        foreach (var entry in account.Journal)
        {
            Assert.Equal(entry.Points, entry.Allocations.Sum(a => a.Points));
        }

        Assert.All(account.Lots, lot => Assert.InRange(lot.Remaining, 0, lot.Points));
        Assert.True(account.Debt >= 0);
        Assert.Equal(account.Journal.Sum(e => e.DebtChange), account.Debt);
        Assert.Equal(account.Journal.Sum(e => e.Points), account.Lots.Sum(lot => lot.Remaining));
        var balance = account.Balance(time);
        Assert.True(balance.Available >= 0);
        Assert.True(balance.Pending >= 0);
    }

    private static List<string> Describe(LoyaltyAccount account) =>
        [
            .. account.Lots.Select(lot => FormattableString.Invariant($"{lot.Id} {lot.Points} {lot.Remaining} {lot.EarnedAt:O} {lot.AvailableAt:O} {lot.ExpiresOn} {lot.OrderId}")),
            FormattableString.Invariant($"debt {account.Debt} lifetime {account.LifetimeEarned} entries {account.Journal.Count}"),
        ];
}
