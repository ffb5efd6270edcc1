using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// overdue and spend-drift (SPEC §9.1) on hand-built histories, against the numbers the rule's
/// definition gives when worked by hand (each case says how).
/// </summary>
public sealed class WindowKindTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset AsOf = AlertApi.At("2025-06-30T12:00:00Z");

    private static DateTimeOffset Day(string date) => AlertApi.At(date + "T10:00:00Z");

    [Theory]
    // Gaps 10, 10 (odd count: median 10); last purchase 2025-06-15, 15 days before 2025-06-30: ratio 1.5, exactly the factor.
    [InlineData(new[] { "2025-05-26", "2025-06-05", "2025-06-15" }, "medium", 1.5)]
    // Gaps 10, 10; last 2025-06-16, 14 days: 1.4 < 1.5, no alert.
    [InlineData(new[] { "2025-05-27", "2025-06-06", "2025-06-16" }, null, null)]
    // Gaps 4, 6, 10, 10 (even: median (6 + 10) / 2 = 8); last 2025-06-06, 24 days: ratio 3, high.
    [InlineData(new[] { "2025-05-07", "2025-05-11", "2025-05-17", "2025-05-27", "2025-06-06" }, "high", 3.0)]
    // Two orders the same day are one purchase day: days 2025-06-01, 2025-06-11 only two purchase days, not evaluable.
    [InlineData(new[] { "2025-06-01", "2025-06-01", "2025-06-11" }, null, null)]
    // Gaps 1, 29, 30 (median 29); last 2025-06-01, 29 days: ratio 1, no alert.
    [InlineData(new[] { "2025-04-02", "2025-04-03", "2025-05-02", "2025-06-01" }, null, null)]
    public async Task Overdue_compares_the_days_since_the_last_purchase_day_with_the_median_gap(string[] days, string? severity, double? ratio)
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, days.Select(Day).ToArray());
        var rule = await client.NewRuleAsync("overdue", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        var alerts = await client.AlertsOfAsync(customer);
        if (severity is null)
        {
            Assert.Empty(alerts);
            Assert.Equal(days.Distinct().Count() < 3 ? 1 : 0, evaluation.NotEvaluable("too-few-purchase-days"));
            return;
        }

        var alert = Assert.Single(alerts);
        Assert.Equal(severity, alert["severity"]!.GetValue<string>());
        Assert.Equal((decimal)ratio!.Value, alert["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Overdue_explains_the_interval_and_counts_purchase_days_in_the_deployment_time_zone()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, Day("2025-05-26"), Day("2025-06-05"), Day("2025-06-15"));
        var rule = await client.NewRuleAsync("overdue", tag);

        await client.EvaluateAsync(rule, AsOf);

        var alert = await client.OnlyAlertAsync(customer);
        Assert.Equal("Last purchase 15 days ago (2025-06-15), 1.5× the usual interval of 10 days; threshold 1.5×.", alert["reason"]!.GetValue<string>());
        Assert.Equal(3, alert["evidence"]!["purchaseDays"]!.GetValue<int>());
        Assert.Equal(10m, alert["evidence"]!["usualIntervalDays"]!.GetValue<decimal>());
    }

    [Theory]
    // Periods of 30 days ending at asOf; baseline: the six before the last; each period's spend given from the oldest to the last.
    // 100 ×6 then 85: drift (85 − 100) / 100 = −0.15, exactly the threshold.
    [InlineData(new[] { 100, 100, 100, 100, 100, 100, 85 }, "medium", -0.15)]
    // 100 ×6 then 86: −0.14, no alert.
    [InlineData(new[] { 100, 100, 100, 100, 100, 100, 86 }, null, null)]
    // 90, 120, 90 then 50 (first order three periods before the last: baseline the three of them, mean 100): −0.5, high.
    [InlineData(new[] { 90, 120, 90, 50 }, "high", -0.5)]
    // 100, 200 then 10: only three periods since the first order, minPeriods 3: evaluable; mean 150: (10 − 150) / 150 = −0.933333.
    [InlineData(new[] { 100, 200, 10 }, "high", -0.933333)]
    // 100 then 10: two periods, fewer than minPeriods: not evaluable.
    [InlineData(new[] { 100, 10 }, null, null)]
    public async Task Spend_drift_compares_the_last_complete_period_with_the_mean_of_the_periods_before(int[] spends, string? severity, double? drift)
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await client.NewTaggedCustomerAsync(tag);
        for (var i = 0; i < spends.Length; i++)
        {
            // Period k (k = 1 the last) is (asOf − 30k days, asOf − 30(k − 1) days]; an order 5 days into it.
            var k = spends.Length - i;
            await client.AddOrderAsync(customer, AsOf.AddDays(-30 * k + 5), spends[i]);
        }

        var rule = await client.NewRuleAsync("spend-drift", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        var alerts = await client.AlertsOfAsync(customer);
        if (severity is null)
        {
            Assert.Empty(alerts);
            Assert.Equal(spends.Length < 3 ? 1 : 0, evaluation.NotEvaluable("too-few-periods"));
            return;
        }

        var alert = Assert.Single(alerts);
        Assert.Equal(severity, alert["severity"]!.GetValue<string>());
        Assert.Equal((decimal)drift!.Value, alert["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Spend_drift_up_fires_on_a_rise_and_a_zero_baseline_is_not_evaluable()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var rising = await client.NewTaggedCustomerAsync(tag, "Rising");
        foreach (var (k, amount) in new[] { (4, 100m), (3, 100m), (2, 100m), (1, 130m) })
        {
            await client.AddOrderAsync(rising, AsOf.AddDays(-30 * k + 5), amount);
        }

        var zero = await client.NewTaggedCustomerAsync(tag, "Free samples");
        foreach (var k in new[] { 4, 3, 2, 1 })
        {
            await client.AddOrderAsync(zero, AsOf.AddDays(-30 * k + 5), 0m);
        }

        var rule = await client.NewRuleAsync("spend-drift", tag, new { direction = "up", threshold = 0.3 });

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        var alert = await client.OnlyAlertAsync(rising);
        Assert.Equal(0.3m, alert["score"]!.GetValue<decimal>());
        Assert.StartsWith("Spend rose from a mean of 100 over the 3 periods before to 130.00", alert["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, evaluation.NotEvaluable("zero-baseline"));
        Assert.Empty(await client.AlertsOfAsync(zero));
    }
}
