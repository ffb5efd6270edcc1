using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Loyalty;

namespace CustomerRetention.Domain.Tests.Loyalty;

/// <summary>
/// Seeded random sequences of earns, redemptions (some paying for orders), refunds,
/// cancellations, adjustments and expiry runs at advancing dates: after every step the account
/// matches the independent <see cref="LedgerModel"/>, nothing is negative, and the journal alone
/// rebuilds it.
/// </summary>
public sealed class LoyaltyLedgerPropertyTests
{
    private static readonly decimal[] Rates = [1m, 1.5m, 0.1m, 2.25m];

    private static readonly int[] SeedValues = [.. Enumerable.Range(1, 60)];

    public static TheoryData<int> Seeds() => [.. SeedValues];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_sequences_match_the_model_and_rebuild_from_the_journal(int seed) => Run(seed);

    /// <summary>Guards the generator: over the seeds, every entry type (and debt) occurs, so the sequences test what they claim to.</summary>
    [Fact]
    public void The_random_sequences_reach_every_entry_type_and_debt()
    {
        var journals = SeedValues.Select(seed => Run(seed).Journal).ToList();

        Assert.Equal(Enum.GetValues<LoyaltyEntryType>().Order(), journals.SelectMany(j => j).Select(e => e.Type).Distinct().Order());
        Assert.Contains(journals, j => j.Any(e => e.Type == LoyaltyEntryType.Reverse && e.DebtChange > 0));
        Assert.Contains(journals, j => j.Any(e => e.Type == LoyaltyEntryType.Expire && e.IdempotencyKey.StartsWith("refund:", StringComparison.Ordinal)));
    }

    private static LoyaltyAccount Run(int seed)
    {
        var random = new Random(seed);
        var program = new LoyaltyProgramSettings(
            Rates[random.Next(Rates.Length)],
            random.Next(4) == 0 ? LoyaltyExpiryKind.None : LoyaltyExpiryKind.DaysAfterEarn,
            random.Next(20, 60),
            random.Next(2) * 5);
        var account = LoyaltyAccount.Open(Guid.CreateVersion7());
        var model = new LedgerModel();
        var orders = new List<(Guid Id, decimal Amount)>();
        var at = LedgerClock.Start;

        for (var step = 0; step < 80; step++)
        {
            at = at.AddHours(random.Next(0, 240));
            var time = new LedgerTime(at, DateOnly.FromDateTime(at.UtcDateTime));
            Act(random, program, account, model, orders, time);

            var (available, pending) = model.Balance(time);
            var balance = account.Balance(time);
            Assert.Equal((available, pending, model.Debt, model.Lifetime), (balance.Available, balance.Pending, balance.Debt, balance.LifetimeEarned));
            Assert.Equal(model.Remaining, account.Lots.Select(lot => lot.Remaining));
            LedgerAssert.Consistent(account, time);
        }

        return account;
    }

    private static void Act(Random random, LoyaltyProgramSettings program, LoyaltyAccount account, LedgerModel model, List<(Guid Id, decimal Amount)> orders, LedgerTime time)
    {
        switch (random.Next(7))
        {
            case 0 or 1:
                var order = (Guid.CreateVersion7(), random.Next(0, 30000) / 100m);
                orders.Add(order);
                account.EarnForOrder(order.Item1, order.Item2, program, time, "system");
                model.Earn(order.Item1, order.Item2, program, time);
                break;
            case 2:
                Redeem(random, account, model, orders, time);
                break;
            case 3 when orders.Count > 0:
                var (id, amount) = orders[random.Next(orders.Count)];
                var left = amount - model.RefundedOf(id);
                if (left > 0)
                {
                    var refunded = random.Next(2) == 0 ? left : Math.Max(0.01m, Math.Round(left * (decimal)random.NextDouble(), 2));
                    account.RefundOrder(id, Guid.CreateVersion7(), amount, refunded, time, "system");
                    model.Refund(id, amount, refunded, time);
                }

                break;
            case 4:
                var points = random.Next(1, 80) * (random.Next(3) == 0 ? -1 : 1);
                var taken = points > 0 || model.Take(-points, null, time);
                if (points > 0)
                {
                    model.Add(points, program, time);
                }

                Refused(taken, account, () => account.Adjust(Guid.CreateVersion7(), points, "test", program, time, "system"));
                break;
            default:
                account.ExpireAsOf(time, "system");
                model.Expire(time);
                break;
        }
    }

    private static void Redeem(Random random, LoyaltyAccount account, LedgerModel model, List<(Guid Id, decimal Amount)> orders, LedgerTime time)
    {
        var points = random.Next(1, 150);
        var paysFor = random.Next(2) == 0 ? (Guid.CreateVersion7(), random.Next(100, 20000) / 100m) : default((Guid, decimal)?);
        var taken = model.Take(points, paysFor?.Item1, time);
        Refused(taken, account, () => account.Redeem(Guid.CreateVersion7(), points, paysFor?.Item1, null, time, "system"));
        if (taken && paysFor is { } order)
        {
            orders.Add(order);
        }
    }

    /// <summary>Runs the command; when the model refused it, the account must refuse it with insufficient-points and write nothing.</summary>
    private static void Refused(bool modelAccepted, LoyaltyAccount account, Action command)
    {
        if (modelAccepted)
        {
            command();
            return;
        }

        var before = account.Journal.Count;
        Assert.Equal("insufficient-points", Assert.Throws<DomainException>(command).Code);
        Assert.Equal(before, account.Journal.Count);
    }
}
