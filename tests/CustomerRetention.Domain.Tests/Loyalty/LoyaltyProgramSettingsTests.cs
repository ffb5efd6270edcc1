using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Loyalty;

namespace CustomerRetention.Domain.Tests.Loyalty;

/// <summary>The program settings the ledger reads: defaults, validation, and the earn, pending and expiry formulas.</summary>
public sealed class LoyaltyProgramSettingsTests
{
    [Fact]
    public void The_defaults_are_one_point_per_unit_expiry_365_days_after_earn_and_no_pending_period()
    {
        var program = LoyaltyProgramSettings.Default;

        Assert.Equal((1m, LoyaltyExpiryKind.DaysAfterEarn, 365, 0), (program.PointsPerCurrencyUnit, program.Expiry, program.ExpiryDays, program.PendingDays));
    }

    [Theory]
    [InlineData(-0.01, LoyaltyExpiryKind.DaysAfterEarn, 365, 0, "pointsPerCurrencyUnit")]
    [InlineData(1, LoyaltyExpiryKind.DaysAfterEarn, 0, 0, "expiry.days")]
    [InlineData(1, (LoyaltyExpiryKind)7, 365, 0, "expiry")]
    [InlineData(1, LoyaltyExpiryKind.None, 0, -1, "pendingDays")]
    public void Invalid_settings_are_refused_naming_the_member(double rate, LoyaltyExpiryKind expiry, int days, int pending, string member) =>
        Assert.Equal(member, Assert.Throws<DomainValidationException>(() => new LoyaltyProgramSettings((decimal)rate, expiry, days, pending)).Member);

    [Theory]
    [InlineData(1, 10.99, 10)]
    [InlineData(0.1, 99.99, 9)]
    [InlineData(2.5, 3.99, 9)]
    [InlineData(0, 500, 0)]
    public void An_order_earns_its_amount_times_the_rate_rounded_down(double rate, double amount, long points) =>
        Assert.Equal(points, new LoyaltyProgramSettings((decimal)rate).PointsFor((decimal)amount));

    [Fact]
    public void Without_expiry_a_lot_has_no_last_date_and_pending_days_delay_availability()
    {
        var program = new LoyaltyProgramSettings(expiry: LoyaltyExpiryKind.None, pendingDays: 14);
        var earnedAt = new DateTimeOffset(2026, 2, 20, 23, 30, 0, TimeSpan.Zero);

        Assert.Null(program.ExpiresOn(new DateOnly(2026, 2, 20)));
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 23, 30, 0, TimeSpan.Zero), program.AvailableAt(earnedAt));
        Assert.Equal(new DateOnly(2027, 2, 20), LoyaltyProgramSettings.Default.ExpiresOn(new DateOnly(2026, 2, 20)));
    }

    [Fact]
    public void Entry_types_are_spelled_in_kebab_case() =>
        Assert.Equal(
            ["earn", "redeem", "expire", "reverse", "restore", "adjust", "settle-debt"],
            Enum.GetValues<LoyaltyEntryType>().Select(LoyaltyEntryTypeNames.Of));
}
