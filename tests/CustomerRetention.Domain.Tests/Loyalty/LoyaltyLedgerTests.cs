using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Loyalty;
using static CustomerRetention.Domain.Tests.Loyalty.LedgerClock;

namespace CustomerRetention.Domain.Tests.Loyalty;

/// <summary>
/// Scripted sequences with hand-computed expectations (the reasoning beside each). Day 0 is
/// 2026-01-10; with the default program a lot earned on day 0 expires on 2027-01-10 (day 365).
/// </summary>
public sealed class LoyaltyLedgerTests
{
    private const string Actor = "system";

    private static readonly LoyaltyProgramSettings Program = LoyaltyProgramSettings.Default;

    private readonly LoyaltyAccount _account = LoyaltyAccount.Open(Guid.CreateVersion7());

    [Fact]
    public void An_order_earns_its_amount_times_the_rate_rounded_down_with_a_lot_expiring_365_days_later()
    {
        // 99.99 × 1.5 = 149.985 → 149 points.
        var program = new LoyaltyProgramSettings(pointsPerCurrencyUnit: 1.5m);
        var order = Guid.CreateVersion7();

        var earn = Assert.Single(_account.EarnForOrder(order, 99.99m, program, Day(0), Actor));

        Assert.Equal(LoyaltyEntryType.Earn, earn.Type);
        Assert.Equal(149, earn.Points);
        var lot = Assert.Single(_account.Lots);
        Assert.Equal(new LotAllocation(lot.Id, 149), Assert.Single(earn.Allocations));
        Assert.Equal((149L, 149L, order), (lot.Points, lot.Remaining, lot.OrderId!.Value));
        Assert.Equal(new DateOnly(2027, 1, 10), lot.ExpiresOn);
        Assert.Equal(new LoyaltyBalance(149, 0, 0, 149, new NextExpiry(new DateOnly(2027, 1, 10), 149)), _account.Balance(Day(0)));
        LedgerAssert.Consistent(_account, Day(0));
    }

    [Fact]
    public void A_repeated_earn_for_the_same_order_returns_the_original_entry_and_writes_nothing()
    {
        var order = Guid.CreateVersion7();
        var first = _account.EarnForOrder(order, 100m, Program, Day(0), Actor);
        _account.TakeEvents();

        var again = _account.EarnForOrder(order, 100m, Program, Day(1), Actor);

        Assert.Equal(first, again);
        Assert.Single(_account.Journal);
        Assert.False(_account.HasEvents);
        Assert.Equal(100, _account.Balance(Day(1)).Available);
    }

    [Fact]
    public void An_order_worth_less_than_one_point_writes_nothing()
    {
        Assert.Empty(_account.EarnForOrder(Guid.CreateVersion7(), 0.99m, Program, Day(0), Actor));
        Assert.Empty(_account.Journal);
    }

    [Fact]
    public void A_redeem_above_the_available_balance_is_refused_with_insufficient_points_and_changes_nothing()
    {
        _account.EarnForOrder(Guid.CreateVersion7(), 100m, Program, Day(0), Actor);
        _account.TakeEvents();

        var refused = Assert.Throws<DomainException>(() => _account.Redeem(Guid.CreateVersion7(), 101, null, "gift card", Day(1), Actor));

        Assert.Equal("insufficient-points", refused.Code);
        Assert.Equal(100L, refused.Details["available"]);
        Assert.Single(_account.Journal);
        Assert.Equal(100, Assert.Single(_account.Lots).Remaining);
        Assert.False(_account.HasEvents);
    }

    [Fact]
    public void A_repeated_redemption_returns_the_original_entry()
    {
        _account.EarnForOrder(Guid.CreateVersion7(), 100m, Program, Day(0), Actor);
        var redemption = Guid.CreateVersion7();
        var first = _account.Redeem(redemption, 60, null, "r-1", Day(1), Actor);

        // A retry with the same redemption id finds 40 available, yet it returns the original instead of failing.
        Assert.Equal(first, _account.Redeem(redemption, 60, null, "r-1", Day(1), Actor));
        Assert.Equal(40, _account.Balance(Day(1)).Available);
    }

    [Fact]
    public void Redeem_takes_the_soonest_expiring_lot_first_then_the_earliest_earned_and_lots_without_expiry_last()
    {
        // Lots: N never expires (day 0); L expires 2027-01-10 (day 0, 365 days);
        // E1 and E2 both expire 2026-02-10 (day 1 at 08:00 and 09:00, 30 days).
        var never = new LoyaltyProgramSettings(expiry: LoyaltyExpiryKind.None);
        var month = new LoyaltyProgramSettings(expiryDays: 30);
        var n = EarnLot(10m, never, Day(0, 8));
        var l = EarnLot(20m, Program, Day(0, 9));
        var e2 = EarnLot(30m, month, Day(1, 9));
        var e1 = EarnLot(40m, month, Day(1, 8));

        // 85 = E1 40 (earlier of the two soonest) + E2 30 + L 15; N untouched.
        var redeem = Assert.Single(_account.Redeem(Guid.CreateVersion7(), 85, null, null, Day(2), Actor));

        Assert.Equal([new(e1, -40), new(e2, -30), new(l, -15)], redeem.Allocations);
        Assert.Equal(-85, redeem.Points);

        // The next 15 finish L (5) and then take N (10).
        Assert.Equal([new(l, -5), new(n, -10)], Assert.Single(_account.Redeem(Guid.CreateVersion7(), 15, null, null, Day(2), Actor)).Allocations);
        LedgerAssert.Consistent(_account, Day(2));
    }

    [Fact]
    public void A_lot_is_usable_on_its_expiry_date_and_expires_the_day_after_once()
    {
        var lot = EarnLot(100m, Program, Day(0));
        _account.Redeem(Guid.CreateVersion7(), 30, null, null, Day(1), Actor);

        // 2027-01-10 is the lot's last day: still available, and the expiry run writes nothing.
        Assert.Equal(new DateOnly(2027, 1, 10), Day(365).Today);
        Assert.Equal(70, _account.Balance(Day(365, 23)).Available);
        Assert.Empty(_account.ExpireAsOf(Day(365), Actor));

        // On 2027-01-11 the points are no longer available, even before the job runs.
        Assert.Equal(new LoyaltyBalance(0, 0, 0, 100, null), _account.Balance(Day(366, 0)));
        Assert.Equal("insufficient-points", Assert.Throws<DomainException>(() => _account.Redeem(Guid.CreateVersion7(), 1, null, null, Day(366), Actor)).Code);

        // The run expires only the remaining 70, in one entry for the lot; a second run writes nothing.
        var expire = Assert.Single(_account.ExpireAsOf(Day(366), Actor));
        Assert.Equal((LoyaltyEntryType.Expire, -70L), (expire.Type, expire.Points));
        Assert.Equal(new LotAllocation(lot, -70), Assert.Single(expire.Allocations));
        Assert.Empty(_account.ExpireAsOf(Day(367), Actor));
        LedgerAssert.Consistent(_account, Day(367));
    }

    [Fact]
    public void Partial_refunds_reverse_proportionally_rounded_down_and_cumulatively()
    {
        // 80.00 × 1.25 = 100 points.
        var program = new LoyaltyProgramSettings(pointsPerCurrencyUnit: 1.25m);
        var order = Guid.CreateVersion7();
        _account.EarnForOrder(order, 80m, program, Day(0), Actor);

        // Refund 33 of 80: floor(100 × 33 / 80) = floor(41.25) = 41.
        Assert.Equal(-41, Assert.Single(_account.RefundOrder(order, Guid.CreateVersion7(), 80m, 33m, Day(1), Actor)).Points);

        // A further 7 makes 40 of 80: floor(100 × 40 / 80) = 50 in all, so 9 more.
        Assert.Equal(-9, Assert.Single(_account.RefundOrder(order, Guid.CreateVersion7(), 80m, 7m, Day(2), Actor)).Points);

        // Cancelling refunds the other 40: 100 in all, 50 more; the lot is empty and nothing was earned.
        Assert.Equal(-50, Assert.Single(_account.CancelOrder(order, 80m, Day(3), Actor)).Points);
        Assert.Equal(new LoyaltyBalance(0, 0, 0, 0, null), _account.Balance(Day(3)));
        Assert.Empty(_account.CancelOrder(order, 80m, Day(4), Actor));
        LedgerAssert.Consistent(_account, Day(4));
    }

    [Fact]
    public void A_repeated_refund_returns_the_original_entries_and_more_than_the_order_amount_is_refused()
    {
        var order = Guid.CreateVersion7();
        _account.EarnForOrder(order, 100m, Program, Day(0), Actor);
        var refund = Guid.CreateVersion7();
        var first = _account.RefundOrder(order, refund, 100m, 60m, Day(1), Actor);

        Assert.Equal(first, _account.RefundOrder(order, refund, 100m, 60m, Day(1), Actor));
        Assert.Throws<DomainValidationException>(() => _account.RefundOrder(order, Guid.CreateVersion7(), 100m, 40.01m, Day(1), Actor));
        Assert.Equal(40, _account.Balance(Day(1)).Available);
    }

    [Fact]
    public void A_refund_of_spent_points_takes_the_own_lot_then_other_lots_in_redeem_order_and_the_rest_becomes_debt()
    {
        // A 50 (day 0), B 100 (day 1), C 30 (day 2). Redeeming 120 takes A 50 and B 70, leaving B 30 and C 30.
        var a = EarnLot(50m, Program, Day(0));
        var orderB = Guid.CreateVersion7();
        _account.EarnForOrder(orderB, 100m, Program, Day(1), Actor);
        var b = _account.Lots[1].Id;
        var c = EarnLot(30m, Program, Day(2));
        _account.Redeem(Guid.CreateVersion7(), 120, null, null, Day(3), Actor);

        // Cancelling B reverses 100: B's own 30, then C's 30 (A is empty), and 40 becomes debt.
        var reverse = Assert.Single(_account.CancelOrder(orderB, 100m, Day(4), Actor));

        Assert.Equal([new(b, -30), new(c, -30)], reverse.Allocations);
        Assert.Equal((LoyaltyEntryType.Reverse, -60L, 40L), (reverse.Type, reverse.Points, reverse.DebtChange));

        // Lifetime: 50 + 100 + 30 earned, 100 reversed.
        Assert.Equal(new LoyaltyBalance(0, 0, 40, 80, null), _account.Balance(Day(4)));
        Assert.Equal(0, _account.Lots.Single(lot => lot.Id == a).Remaining);
        LedgerAssert.Consistent(_account, Day(4));
    }

    [Fact]
    public void Debt_is_settled_by_later_earns_before_they_become_available()
    {
        var order1 = Guid.CreateVersion7();
        _account.EarnForOrder(order1, 100m, Program, Day(0), Actor);
        _account.Redeem(Guid.CreateVersion7(), 80, null, null, Day(1), Actor);

        // Cancelling reverses 100: 20 left in the lot, 80 becomes debt.
        _account.CancelOrder(order1, 100m, Day(2), Actor);
        Assert.Equal(80, _account.Debt);

        // Earning 50 settles 50 of the debt from the new lot: nothing available, debt 30.
        var second = _account.EarnForOrder(Guid.CreateVersion7(), 50m, Program, Day(3), Actor);
        Assert.Equal([LoyaltyEntryType.Earn, LoyaltyEntryType.SettleDebt], second.Select(e => e.Type));
        Assert.Equal((-50L, -50L), (second[1].Points, second[1].DebtChange));
        Assert.Equal(new LoyaltyBalance(0, 0, 30, 50, null), _account.Balance(Day(3)));

        // Earning 100 settles the last 30: 70 available, no debt. Lifetime 100 − 100 + 50 + 100 = 150.
        var third = _account.EarnForOrder(Guid.CreateVersion7(), 100m, Program, Day(4), Actor);
        Assert.Equal(-30, third[1].Points);
        Assert.Equal(new LoyaltyBalance(70, 0, 0, 150, new NextExpiry(Day(369).Today, 70)), _account.Balance(Day(4)));
        LedgerAssert.Consistent(_account, Day(4));
    }

    [Fact]
    public void A_positive_adjustment_settles_debt_and_a_negative_one_is_taken_like_a_redemption()
    {
        var order = Guid.CreateVersion7();
        _account.EarnForOrder(order, 10m, Program, Day(0), Actor);
        _account.Redeem(Guid.CreateVersion7(), 10, null, null, Day(0), Actor);
        _account.CancelOrder(order, 10m, Day(1), Actor);

        // Debt 10; +25 settles it and leaves 15 available at once.
        var plus = _account.Adjust(Guid.CreateVersion7(), 25, "goodwill", Program, Day(2), Actor);
        Assert.Equal([(LoyaltyEntryType.Adjust, 25L), (LoyaltyEntryType.SettleDebt, -10L)], plus.Select(e => (e.Type, e.Points)));
        Assert.Equal("goodwill", plus[0].Reason);
        Assert.Equal(15, _account.Balance(Day(2)).Available);

        Assert.Equal(-15, Assert.Single(_account.Adjust(Guid.CreateVersion7(), -15, "correction", Program, Day(2), Actor)).Points);
        Assert.Equal("insufficient-points", Assert.Throws<DomainException>(() => _account.Adjust(Guid.CreateVersion7(), -1, "correction", Program, Day(2), Actor)).Code);
        Assert.Throws<DomainValidationException>(() => _account.Adjust(Guid.CreateVersion7(), 5, " ", Program, Day(2), Actor));
        Assert.Throws<DomainValidationException>(() => _account.Adjust(Guid.CreateVersion7(), 0, "nothing", Program, Day(2), Actor));
        LedgerAssert.Consistent(_account, Day(2));
    }

    [Fact]
    public void Points_spent_on_a_refunded_order_are_restored_to_their_lots_proportionally()
    {
        // A 200 points; order X (50.00, earns 50) is paid partly with 120 points taken from A.
        var a = EarnLot(200m, Program, Day(0));
        var orderX = Guid.CreateVersion7();
        var redemption = Guid.CreateVersion7();
        _account.Redeem(redemption, 120, orderX, "checkout", Day(1), Actor);
        _account.EarnForOrder(orderX, 50m, Program, Day(1), Actor);
        var x = _account.Lots[1].Id;

        // Refund 20 of 50: reverse floor(50 × 20 / 50) = 20 from X's lot, restore floor(120 × 20 / 50) = 48 to A.
        var partial = _account.RefundOrder(orderX, Guid.CreateVersion7(), 50m, 20m, Day(2), Actor);
        Assert.Equal([LoyaltyEntryType.Reverse, LoyaltyEntryType.Restore], partial.Select(e => e.Type));
        Assert.Equal([new(x, -20)], partial[0].Allocations);
        Assert.Equal([new(a, 48)], partial[1].Allocations);
        Assert.Equal(redemption, partial[1].RedemptionId);

        // Refunding the other 30 reverses 30 more and restores the other 72: A is whole again.
        var rest = _account.RefundOrder(orderX, Guid.CreateVersion7(), 50m, 30m, Day(3), Actor);
        Assert.Equal([new(a, 72)], rest[1].Allocations);
        Assert.Equal(new LoyaltyBalance(200, 0, 0, 200, new NextExpiry(new DateOnly(2027, 1, 10), 200)), _account.Balance(Day(3)));
        LedgerAssert.Consistent(_account, Day(3));
    }

    [Fact]
    public void Points_restored_to_a_lot_that_has_expired_since_are_expired_again_in_the_same_command()
    {
        // A 100 (day 0, expires day 365) and B 100 (day 200, expires day 565). Order X, earning
        // nothing here, is paid on day 300 with 150 points: A 100 then B 50.
        var a = EarnLot(100m, Program, Day(0));
        var b = EarnLot(100m, Program, Day(200));
        var orderX = Guid.CreateVersion7();
        _account.Redeem(Guid.CreateVersion7(), 150, orderX, null, Day(300), Actor);

        // Cancelled on day 400: A's 100 return and expire again at once, B's 50 return and stay.
        // The refund is recorded by a reverse entry of 0 points (X earned nothing).
        var entries = _account.CancelOrder(orderX, 30m, Day(400), Actor);

        Assert.Equal([(LoyaltyEntryType.Reverse, 0L), (LoyaltyEntryType.Restore, 150L), (LoyaltyEntryType.Expire, -100L)], entries.Select(e => (e.Type, e.Points)));
        Assert.Equal([new(b, 50), new(a, 100)], entries[1].Allocations);
        Assert.Equal([new(a, -100)], entries[2].Allocations);
        Assert.All(entries, e => Assert.Equal(entries[0].IdempotencyKey, e.IdempotencyKey));
        Assert.Equal(new LoyaltyBalance(100, 0, 0, 200, new NextExpiry(Day(565).Today, 100)), _account.Balance(Day(400)));
        Assert.Empty(_account.ExpireAsOf(Day(400), Actor));
        LedgerAssert.Consistent(_account, Day(400));
    }

    [Fact]
    public void Pending_points_count_apart_become_available_after_the_pending_days_and_a_refund_reverses_them_without_debt()
    {
        var program = new LoyaltyProgramSettings(pendingDays: 14);
        var order = Guid.CreateVersion7();
        _account.EarnForOrder(order, 100m, program, Day(0), Actor);
        _account.EarnForOrder(Guid.CreateVersion7(), 40m, program, Day(1), Actor);

        // Day 0 noon + 14 days is the first instant the first lot is available.
        Assert.Equal(new LoyaltyBalance(0, 140, 0, 140, new NextExpiry(new DateOnly(2027, 1, 10), 100)), _account.Balance(Day(1)));
        Assert.Throws<DomainException>(() => _account.Redeem(Guid.CreateVersion7(), 1, null, null, Day(13), Actor));
        Assert.Equal((0L, 140L), (_account.Balance(Day(14, 11)).Available, _account.Balance(Day(14, 11)).Pending));
        Assert.Equal((100L, 40L), (_account.Balance(Day(14)).Available, _account.Balance(Day(14)).Pending));

        // A refund of half while pending reverses 50 from the pending lot itself.
        var reverse = Assert.Single(_account.RefundOrder(order, Guid.CreateVersion7(), 100m, 50m, Day(5), Actor));
        Assert.Equal((-50L, 0L), (reverse.Points, reverse.DebtChange));
        Assert.Equal(new LoyaltyBalance(0, 90, 0, 90, new NextExpiry(new DateOnly(2027, 1, 10), 50)), _account.Balance(Day(5)));
        LedgerAssert.Consistent(_account, Day(5));
    }

    [Fact]
    public void Every_entry_raises_loyalty_points_changed_about_the_customer()
    {
        var order = Guid.CreateVersion7();
        _account.EarnForOrder(order, 10m, Program, Day(0), Actor);
        _account.Redeem(Guid.CreateVersion7(), 10, null, null, Day(0), Actor);
        _account.CancelOrder(order, 10m, Day(1), Actor);
        _account.EarnForOrder(Guid.CreateVersion7(), 20m, Program, Day(2), Actor);

        var events = _account.TakeEvents().Cast<LoyaltyPointsChanged>().ToList();

        Assert.Equal(_account.Journal, events.Select(e => e.Entry));
        Assert.All(events, e =>
        {
            Assert.Equal("loyalty.points-changed", e.Type);
            Assert.Equal(_account.CustomerId, e.CustomerId);
            Assert.Equal(new("loyalty-transaction", e.Entry.Id), e.Resource);
            Assert.Equal(e.Entry.At, e.OccurredAt);
        });
    }

    [Fact]
    public void The_next_expiry_sums_every_lot_expiring_on_the_soonest_date()
    {
        EarnLot(10m, Program, Day(0, 8));
        EarnLot(15m, Program, Day(0, 18));
        EarnLot(20m, Program, Day(1));

        Assert.Equal(new NextExpiry(new DateOnly(2027, 1, 10), 25), _account.Balance(Day(2)).NextExpiry);
    }

    private Guid EarnLot(decimal amount, LoyaltyProgramSettings program, LedgerTime time)
    {
        _account.EarnForOrder(Guid.CreateVersion7(), amount, program, time, Actor);
        return _account.Lots[^1].Id;
    }
}
