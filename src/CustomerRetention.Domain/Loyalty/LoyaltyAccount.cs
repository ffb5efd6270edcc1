using System.Globalization;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Loyalty;

/// <summary>
/// A customer's points ledger: lots plus an append-only journal. Every command only decides which
/// entries to write; <see cref="Apply"/> is the one place that changes lots and debt, and
/// <see cref="Rebuild"/> replays the same method, so the journal always rebuilds the state.
/// Commands on one account must be serialised by the caller (a row lock on the account).
/// </summary>
public sealed class LoyaltyAccount : AggregateRoot
{
    public const string TransactionResourceType = "loyalty-transaction";

    public const string InsufficientPoints = "insufficient-points";

    private readonly List<LoyaltyLot> _lots = [];
    private readonly Dictionary<Guid, LoyaltyLot> _lotsById = [];
    private readonly List<LoyaltyEntry> _journal = [];

    private LoyaltyAccount(Guid id, Guid customerId)
    {
        Id = id;
        CustomerId = customerId;
    }

    public Guid Id { get; }

    public Guid CustomerId { get; }

    /// <summary>Points reversed after they were spent, not yet settled by later awards.</summary>
    public long Debt { get; private set; }

    /// <summary>Points earned on orders, less what refunds reversed (from lots or as debt).</summary>
    public long LifetimeEarned { get; private set; }

    /// <summary>The lots in the order they were opened.</summary>
    public IReadOnlyList<LoyaltyLot> Lots => _lots;

    /// <summary>The journal, oldest first.</summary>
    public IReadOnlyList<LoyaltyEntry> Journal => _journal;

    public static LoyaltyAccount Open(Guid customerId) => new(Guid.CreateVersion7(), customerId);

    /// <summary>Rebuilds an account's lots and balances from its journal alone (no events are raised).</summary>
    public static LoyaltyAccount Rebuild(Guid id, Guid customerId, IEnumerable<LoyaltyEntry> journal)
    {
        var account = new LoyaltyAccount(id, customerId);
        foreach (var entry in journal.OrderBy(e => e.Sequence))
        {
            account.Apply(entry);
        }

        return account;
    }

    /// <summary>The balances at <paramref name="time"/>.</summary>
    public LoyaltyBalance Balance(LedgerTime time)
    {
        var live = _lots.Where(lot => lot.IsLive(time)).ToList();
        var available = live.Where(lot => lot.IsAvailable(time)).Sum(lot => lot.Remaining);
        var pending = live.Sum(lot => lot.Remaining) - available;
        var soonest = live.Where(lot => lot.ExpiresOn is not null).MinBy(lot => lot.ExpiresOn);
        var next = soonest is null
            ? null
            : new NextExpiry(soonest.ExpiresOn!.Value, live.Where(lot => lot.ExpiresOn == soonest.ExpiresOn).Sum(lot => lot.Remaining));
        return new LoyaltyBalance(available, pending, Debt, LifetimeEarned, next);
    }

    /// <summary>
    /// Earns <c>floor(orderAmount × rate)</c> points for a completed order, once: a repeated
    /// earn returns the original entries. The new lot settles any debt first.
    /// </summary>
    public IReadOnlyList<LoyaltyEntry> EarnForOrder(Guid orderId, decimal orderAmount, LoyaltyProgramSettings program, LedgerTime time, string actor)
    {
        ArgumentNullException.ThrowIfNull(program);
        var key = EarnKey(orderId);
        if (Written(key) is { Count: > 0 } original)
        {
            return original;
        }

        var points = program.PointsFor(orderAmount);
        if (points == 0)
        {
            return [];
        }

        var terms = new LotTerms(Guid.CreateVersion7(time.At), points, time.At, program.AvailableAt(time.At), program.ExpiresOn(time.Today), orderId);
        var written = new List<LoyaltyEntry>
        {
            Write(LoyaltyEntryType.Earn, [new LotAllocation(terms.LotId, points)], key, actor, time, entry => entry with { OpensLot = terms, OrderId = orderId }),
        };
        SettleDebtFrom(terms, key, actor, time, written);
        return written;
    }

    /// <summary>
    /// Redeems <paramref name="points"/> from available lots in redeem order, all or nothing:
    /// above the available balance it throws <c>insufficient-points</c> and writes nothing.
    /// <paramref name="orderId"/> is the order the points paid for (restored if it is refunded).
    /// </summary>
    public IReadOnlyList<LoyaltyEntry> Redeem(Guid redemptionId, long points, Guid? orderId, string? reference, LedgerTime time, string actor)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"redemption:{redemptionId}");
        if (Written(key) is { Count: > 0 } original)
        {
            return original;
        }

        RequirePositive(points);
        var allocations = TakeAvailable(points, time);
        return [Write(LoyaltyEntryType.Redeem, allocations, key, actor, time, entry => entry with { RedemptionId = redemptionId, OrderId = orderId, Reference = reference })];
    }

    /// <summary>
    /// Adjusts the balance by hand with a reason. Positive points open a lot (available at once,
    /// expiring like earned points) that settles debt first; negative points are taken like a
    /// redemption and refused with <c>insufficient-points</c> above the available balance.
    /// </summary>
    public IReadOnlyList<LoyaltyEntry> Adjust(Guid adjustmentId, long points, string reason, LoyaltyProgramSettings program, LedgerTime time, string actor)
    {
        ArgumentNullException.ThrowIfNull(program);
        var key = string.Create(CultureInfo.InvariantCulture, $"adjustment:{adjustmentId}");
        if (Written(key) is { Count: > 0 } original)
        {
            return original;
        }

        if (points == 0)
        {
            throw new DomainValidationException("points", "An adjustment must change the balance.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainValidationException("reason", "An adjustment needs a reason.");
        }

        if (points < 0)
        {
            return [Write(LoyaltyEntryType.Adjust, TakeAvailable(-points, time), key, actor, time, entry => entry with { Reason = reason })];
        }

        var terms = new LotTerms(Guid.CreateVersion7(time.At), points, time.At, time.At, program.ExpiresOn(time.Today), null);
        var written = new List<LoyaltyEntry>
        {
            Write(LoyaltyEntryType.Adjust, [new LotAllocation(terms.LotId, points)], key, actor, time, entry => entry with { OpensLot = terms, Reason = reason }),
        };
        SettleDebtFrom(terms, key, actor, time, written);
        return written;
    }

    /// <summary>
    /// Expires, as of <paramref name="time"/>'s date, every lot whose last usable date is before
    /// it: one <c>expire</c> entry per lot, of its remaining points. Running it again writes nothing.
    /// </summary>
    public IReadOnlyList<LoyaltyEntry> ExpireAsOf(LedgerTime time, string actor)
    {
        var written = new List<LoyaltyEntry>();
        foreach (var lot in _lots.Where(lot => lot.Remaining > 0 && lot.IsExpiredOn(time.Today)).ToList())
        {
            written.Add(ExpireLot(lot, ExpiryKey(lot.Id), actor, time));
        }

        return written;
    }

    /// <summary>Cancels an order: a refund of whatever of its amount is not refunded yet, under the order's own refund id.</summary>
    public IReadOnlyList<LoyaltyEntry> CancelOrder(Guid orderId, decimal orderAmount, LedgerTime time, string actor)
    {
        var left = orderAmount - RefundedAmount(orderId);
        return left <= 0 ? [] : RefundOrder(orderId, orderId, orderAmount, left, time, actor);
    }

    /// <summary>
    /// Refunds <paramref name="refundedAmount"/> of an order (once per refund id). With
    /// <c>R</c> the order's refunded amount so far including this refund and <c>A</c> its amount:
    /// the order's earned points are reversed down to <c>floor(earned × R / A)</c> in all — from
    /// the order's own lot, then other lots in redeem order, the shortfall becoming debt — and the
    /// points each redemption paid on the order are restored up to <c>floor(spent × R / A)</c>,
    /// to the lots they came from; a restored lot past its expiry is expired again at once.
    /// </summary>
    public IReadOnlyList<LoyaltyEntry> RefundOrder(Guid orderId, Guid refundId, decimal orderAmount, decimal refundedAmount, LedgerTime time, string actor)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"refund:{refundId}");
        if (Written(key) is { Count: > 0 } original)
        {
            return original;
        }

        if (orderAmount <= 0)
        {
            throw new DomainValidationException("orderAmount", "The order amount must be more than zero.");
        }

        var refunded = RefundedAmount(orderId) + refundedAmount;
        if (refundedAmount <= 0 || refunded > orderAmount)
        {
            throw new DomainValidationException("refundedAmount", "The refunded amount must be more than zero and, with earlier refunds, at most the order amount.");
        }

        var earn = _journal.SingleOrDefault(e => e.Type == LoyaltyEntryType.Earn && e.OrderId == orderId);
        var redemptions = _journal.Where(e => e.Type == LoyaltyEntryType.Redeem && e.OrderId == orderId).ToList();
        if (earn is null && redemptions.Count == 0)
        {
            return [];
        }

        var written = new List<LoyaltyEntry> { Reverse(earn, orderId, new RefundBasis(refundId, orderAmount, refundedAmount), refunded, key, actor, time) };
        foreach (var redemption in redemptions)
        {
            Restore(redemption, Proportion(-redemption.Points, refunded, orderAmount), key, actor, time, written);
        }

        return written;
    }

    private static long Proportion(long points, decimal refunded, decimal orderAmount) =>
        (long)decimal.Floor(points * refunded / orderAmount);

    private static string EarnKey(Guid orderId) => string.Create(CultureInfo.InvariantCulture, $"order:{orderId}:earn");

    private static string ExpiryKey(Guid lotId) => string.Create(CultureInfo.InvariantCulture, $"expiry:{lotId}");

    private static void RequirePositive(long points)
    {
        if (points <= 0)
        {
            throw new DomainValidationException("points", "points must be more than zero.");
        }
    }

    private LoyaltyEntry Reverse(LoyaltyEntry? earn, Guid orderId, RefundBasis basis, decimal refunded, string key, string actor, LedgerTime time)
    {
        var due = earn is null ? 0 : Proportion(earn.Points, refunded, basis.OrderAmount) - ReversedSoFar(orderId);
        var allocations = new List<LotAllocation>();
        var left = due;
        var ownLot = earn is null ? null : _lotsById[earn.OpensLot!.LotId];
        var order = _lots.Where(lot => lot != ownLot && lot.IsLive(time)).Order(Comparer<LoyaltyLot>.Create(LoyaltyLot.RedeemOrder));
        foreach (var lot in (ownLot is not null && ownLot.IsLive(time) ? new[] { ownLot } : []).Concat(order))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, lot.Remaining);
            allocations.Add(new LotAllocation(lot.Id, -take));
            left -= take;
        }

        return Write(LoyaltyEntryType.Reverse, allocations, key, actor, time, entry => entry with { DebtChange = left, OrderId = orderId, Refund = basis });
    }

    private void Restore(LoyaltyEntry redemption, long due, string key, string actor, LedgerTime time, List<LoyaltyEntry> written)
    {
        var restoredByLot = _journal
            .Where(e => e.Type == LoyaltyEntryType.Restore && e.RedemptionId == redemption.RedemptionId)
            .SelectMany(e => e.Allocations)
            .GroupBy(a => a.LotId)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Points));
        var left = due - restoredByLot.Values.Sum();
        var allocations = new List<LotAllocation>();

        // The lots taken last are given back first: a partial restore undoes the redemption from its end.
        foreach (var taken in redemption.Allocations.Reverse())
        {
            if (left <= 0)
            {
                break;
            }

            var give = Math.Min(left, -taken.Points - restoredByLot.GetValueOrDefault(taken.LotId));
            if (give > 0)
            {
                allocations.Add(new LotAllocation(taken.LotId, give));
                left -= give;
            }
        }

        if (allocations.Count == 0)
        {
            return;
        }

        written.Add(Write(LoyaltyEntryType.Restore, allocations, key, actor, time, entry => entry with { OrderId = redemption.OrderId, RedemptionId = redemption.RedemptionId }));
        foreach (var allocation in allocations.Where(a => _lotsById[a.LotId].IsExpiredOn(time.Today)))
        {
            written.Add(ExpireLot(_lotsById[allocation.LotId], key, actor, time));
        }
    }

    private LoyaltyEntry ExpireLot(LoyaltyLot lot, string key, string actor, LedgerTime time) =>
        Write(LoyaltyEntryType.Expire, [new LotAllocation(lot.Id, -lot.Remaining)], key, actor, time, entry => entry);

    private void SettleDebtFrom(LotTerms terms, string key, string actor, LedgerTime time, List<LoyaltyEntry> written)
    {
        var settled = Math.Min(Debt, terms.Points);
        if (settled > 0)
        {
            written.Add(Write(LoyaltyEntryType.SettleDebt, [new LotAllocation(terms.LotId, -settled)], key, actor, time, entry => entry with { DebtChange = -settled, OrderId = terms.OrderId }));
        }
    }

    /// <summary>Allocations taking <paramref name="points"/> from available lots in redeem order, or <c>insufficient-points</c>.</summary>
    private List<LotAllocation> TakeAvailable(long points, LedgerTime time)
    {
        var lots = _lots.Where(lot => lot.IsAvailable(time)).Order(Comparer<LoyaltyLot>.Create(LoyaltyLot.RedeemOrder)).ToList();
        var available = lots.Sum(lot => lot.Remaining);
        if (available < points)
        {
            throw new DomainException(InsufficientPoints, "The account has fewer available points than asked for.", new Dictionary<string, object?> { ["available"] = available, ["requested"] = points });
        }

        var allocations = new List<LotAllocation>();
        var left = points;
        foreach (var lot in lots.TakeWhile(_ => left > 0))
        {
            var take = Math.Min(left, lot.Remaining);
            allocations.Add(new LotAllocation(lot.Id, -take));
            left -= take;
        }

        return allocations;
    }

    private decimal RefundedAmount(Guid orderId) =>
        _journal.Where(e => e.Refund is not null && e.OrderId == orderId).Sum(e => e.Refund!.RefundedAmount);

    private long ReversedSoFar(Guid orderId) =>
        _journal.Where(e => e.Type == LoyaltyEntryType.Reverse && e.OrderId == orderId).Sum(e => e.Reversed);

    private List<LoyaltyEntry> Written(string key) => _journal.Where(e => e.IdempotencyKey == key).ToList();

    private LoyaltyEntry Write(LoyaltyEntryType type, IReadOnlyList<LotAllocation> allocations, string key, string actor, LedgerTime time, Func<LoyaltyEntry, LoyaltyEntry> complete)
    {
        var entry = complete(new LoyaltyEntry
        {
            Id = Guid.CreateVersion7(time.At),
            Sequence = _journal.Count + 1,
            Type = type,
            Points = allocations.Sum(a => a.Points),
            Allocations = allocations,
            IdempotencyKey = key,
            Actor = actor,
            At = time.At,
        });
        Apply(entry);
        Raise(new LoyaltyPointsChanged(Id, CustomerId, entry));
        return entry;
    }

    /// <summary>The only state change: opens the entry's lot, moves its allocations and debt, and appends it.</summary>
    private void Apply(LoyaltyEntry entry)
    {
        if (entry.Points != entry.Allocations.Sum(a => a.Points))
        {
            throw new InvalidOperationException($"Entry {entry.Sequence} has {entry.Points} points but allocates a different sum.");
        }

        if (entry.OpensLot is { } terms)
        {
            var lot = new LoyaltyLot(terms, _lots.Count);
            _lots.Add(lot);
            _lotsById.Add(lot.Id, lot);
        }

        foreach (var allocation in entry.Allocations)
        {
            _lotsById[allocation.LotId].Change(allocation.Points);
        }

        Debt += entry.DebtChange;
        if (Debt < 0)
        {
            throw new InvalidOperationException($"Entry {entry.Sequence} settles more debt than there is.");
        }

        LifetimeEarned += entry.Type == LoyaltyEntryType.Earn ? entry.Points : -entry.Reversed;
        _journal.Add(entry);
    }
}
