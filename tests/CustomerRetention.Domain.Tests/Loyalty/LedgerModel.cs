using CustomerRetention.Domain.Loyalty;

namespace CustomerRetention.Domain.Tests.Loyalty;

/// <summary>
/// An independent tiny ledger: plain arrays of remaining points and a debt counter, written from
/// the rules directly (no journal, no allocations), to compare the account against step by step.
/// </summary>
internal sealed class LedgerModel
{
    private readonly List<Lot> _lots = [];
    private readonly Dictionary<Guid, (int Lot, long Points)> _earned = [];
    private readonly Dictionary<Guid, long> _reversed = [];
    private readonly Dictionary<Guid, decimal> _refunded = [];
    private readonly List<Redemption> _redemptions = [];

    public long Debt { get; private set; }

    public long Lifetime { get; private set; }

    public IEnumerable<long> Remaining => _lots.Select(lot => lot.Remaining);

    public decimal RefundedOf(Guid order) => _refunded.GetValueOrDefault(order);

    public bool Knows(Guid order) => _earned.ContainsKey(order) || _redemptions.Exists(r => r.Order == order);

    public (long Available, long Pending) Balance(LedgerTime time)
    {
        var live = _lots.Where(lot => Live(lot, time)).ToList();
        var available = live.Where(lot => lot.AvailableAt <= time.At).Sum(lot => lot.Remaining);
        return (available, live.Sum(lot => lot.Remaining) - available);
    }

    public void Earn(Guid order, decimal amount, LoyaltyProgramSettings program, LedgerTime time)
    {
        var points = (long)Math.Floor(amount * program.PointsPerCurrencyUnit);
        if (_earned.ContainsKey(order) || points == 0)
        {
            return;
        }

        _earned[order] = (_lots.Count, points);
        Lifetime += points;
        Open(points, time.At.AddDays(program.PendingDays), program, time);
    }

    /// <summary>Returns false (changing nothing) when the available points are short.</summary>
    public bool Take(long points, Guid? order, LedgerTime time)
    {
        var lots = Sorted(time).Where(i => _lots[i].AvailableAt <= time.At).ToList();
        if (lots.Sum(i => _lots[i].Remaining) < points)
        {
            return false;
        }

        var redemption = new Redemption(order, []);
        foreach (var i in lots)
        {
            var take = Math.Min(points, _lots[i].Remaining);
            if (take > 0)
            {
                _lots[i].Remaining -= take;
                redemption.Taken.Add((i, take));
                points -= take;
            }
        }

        _redemptions.Add(redemption);
        return true;
    }

    public void Add(long points, LoyaltyProgramSettings program, LedgerTime time) => Open(points, time.At, program, time);

    public void Expire(LedgerTime time)
    {
        foreach (var lot in _lots.Where(lot => Expired(lot, time)))
        {
            lot.Remaining = 0;
        }
    }

    public void Refund(Guid order, decimal amount, decimal refunded, LedgerTime time)
    {
        if (!Knows(order))
        {
            return;
        }

        var total = _refunded[order] = RefundedOf(order) + refunded;
        if (_earned.TryGetValue(order, out var earned))
        {
            var due = (long)Math.Floor(earned.Points * total / amount) - _reversed.GetValueOrDefault(order);
            _reversed[order] = _reversed.GetValueOrDefault(order) + due;
            Lifetime -= due;
            var lots = Sorted(time).Where(i => i != earned.Lot).Prepend(earned.Lot).Where(i => Live(_lots[i], time));
            foreach (var i in lots)
            {
                var take = Math.Min(due, _lots[i].Remaining);
                _lots[i].Remaining -= take;
                due -= take;
            }

            Debt += due;
        }

        foreach (var redemption in _redemptions.Where(r => r.Order == order))
        {
            var spent = redemption.Taken.Sum(t => t.Points);
            var due = (long)Math.Floor(spent * total / amount) - redemption.Restored.Values.Sum();
            for (var k = redemption.Taken.Count - 1; k >= 0 && due > 0; k--)
            {
                var (lot, taken) = redemption.Taken[k];
                var give = Math.Min(due, taken - redemption.Restored.GetValueOrDefault(lot));
                redemption.Restored[lot] = redemption.Restored.GetValueOrDefault(lot) + give;
                _lots[lot].Remaining += give;
                due -= give;
                if (give > 0 && Expired(_lots[lot], time))
                {
                    _lots[lot].Remaining = 0;
                }
            }
        }
    }

    private static bool Expired(Lot lot, LedgerTime time) => lot.ExpiresOn is { } last && last < time.Today;

    private static bool Live(Lot lot, LedgerTime time) => lot.Remaining > 0 && !Expired(lot, time);

    private void Open(long points, DateTimeOffset availableAt, LoyaltyProgramSettings program, LedgerTime time)
    {
        DateOnly? expiresOn = program.Expiry == LoyaltyExpiryKind.None ? null : time.Today.AddDays(program.ExpiryDays);
        var settled = Math.Min(points, Debt);
        Debt -= settled;
        _lots.Add(new Lot(time.At, availableAt, expiresOn) { Remaining = points - settled });
    }

    private List<int> Sorted(LedgerTime time) =>
        Enumerable.Range(0, _lots.Count)
            .Where(i => Live(_lots[i], time))
            .OrderBy(i => _lots[i].ExpiresOn is null ? 1 : 0)
            .ThenBy(i => _lots[i].ExpiresOn)
            .ThenBy(i => _lots[i].EarnedAt)
            .ThenBy(i => i)
            .ToList();

    private sealed record Lot(DateTimeOffset EarnedAt, DateTimeOffset AvailableAt, DateOnly? ExpiresOn)
    {
        public long Remaining { get; set; }
    }

    private sealed record Redemption(Guid? Order, List<(int Lot, long Points)> Taken)
    {
        public Dictionary<int, long> Restored { get; } = [];
    }
}
