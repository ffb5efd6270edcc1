using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using static CustomerRetention.Api.Tests.Value.AnalyticsReference;

namespace CustomerRetention.Api.Tests.Value;

public sealed class AnalyticsSummaryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    public static TheoryData<string, string> Periods => new()
    {
        { "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z" },
        { "2023-02-01T00:00:00Z", "2023-05-01T00:00:00Z" },
        { "2023-05-01T09:30:00Z", "2023-06-01T00:00:00Z" },
        { "2023-06-01T00:00:00Z", "2023-07-01T00:00:00Z" },
        { "2023-06-10T15:00:00Z", "2023-09-03T11:00:00Z" },
        { "2023-09-01T00:00:00Z", "2023-10-01T00:00:00Z" },
        { "2023-11-01T00:00:00Z", "2023-12-01T00:00:00Z" },
        { "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z" },
        { "2022-01-01T00:00:00Z", "2026-01-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Periods))]
    public async Task Every_summary_figure_equals_a_replay_of_the_history_that_was_sent(string from, string to)
    {
        var history = await AnalyticsHistory.StandardAsync(api);
        var expected = history.Reference.SummaryOf(Utc(from), Utc(to));

        var summary = await AnalyticsHistory.GetAsync(_client, $"/api/v1/analytics/summary?from={from}&to={to}");

        Assert.Equal(from, summary["from"]!.GetValue<string>());
        Assert.Equal(to, summary["to"]!.GetValue<string>());
        Assert.Equal(expected.ActiveAtStart, summary["activeAtStart"]!.GetValue<int>());
        Assert.Equal(expected.ActiveAtEnd, summary["activeAtEnd"]!.GetValue<int>());
        Assert.Equal(expected.NewCustomers, summary["newCustomers"]!.GetValue<int>());
        Assert.Equal(expected.Churned, summary["churnedCustomers"]!.GetValue<int>());
        AnalyticsHistory.AssertClose(expected.ChurnRate, summary["churnRate"], "churnRate");
        AnalyticsHistory.AssertClose(expected.RetentionRate, summary["retentionRate"], "retentionRate");
        AnalyticsHistory.AssertClose(expected.RepeatPurchaseRate, summary["repeatPurchaseRate"], "repeatPurchaseRate");
        Assert.Equal(expected.Orders, summary["orders"]!.GetValue<int>());
        Assert.Equal(expected.Revenue, summary["revenue"]!.GetValue<decimal>());
        Assert.Equal(expected.AverageOrderValue, summary["averageOrderValue"]?.GetValue<decimal>());
    }

    [Fact]
    public async Task The_year_2023_has_the_figures_worked_out_by_hand()
    {
        await AnalyticsHistory.StandardAsync(api);

        var summary = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/summary?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z");

        // Active on 1 January: B (and F, archived). Active at the end: A (won back), C, E.
        Assert.Equal(1, summary["activeAtStart"]!.GetValue<int>());
        Assert.Equal(3, summary["activeAtEnd"]!.GetValue<int>());
        // First purchases in 2023: A, B, C, E. Churned: A, B, D.
        Assert.Equal(4, summary["newCustomers"]!.GetValue<int>());
        Assert.Equal(3, summary["churnedCustomers"]!.GetValue<int>());
        Assert.Equal(300.0, summary["churnRate"]!.GetValue<double>());
        // (3 active at the end − A, C, E active for the first time) ÷ 1.
        Assert.Equal(0.0, summary["retentionRate"]!.GetValue<double>());
        // Completed: A 5 (380.50), B 1 (200; one cancelled), C 3 (155; one refunded), E 3 (30.25); repeat buyers A, C, E of 4.
        Assert.Equal(75.0, summary["repeatPurchaseRate"]!.GetValue<double>());
        Assert.Equal(12, summary["orders"]!.GetValue<int>());
        Assert.Equal(765.75m, summary["revenue"]!.GetValue<decimal>());
        Assert.Equal(63.81m, summary["averageOrderValue"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_period_without_customers_or_orders_has_zero_counts_and_null_rates()
    {
        await AnalyticsHistory.StandardAsync(api);

        var summary = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/summary?from=2001-01-01T00:00:00Z&to=2001-02-01T00:00:00Z");

        foreach (var count in new[] { "activeAtStart", "activeAtEnd", "newCustomers", "churnedCustomers", "orders" })
        {
            Assert.Equal(0, summary[count]!.GetValue<int>());
        }

        Assert.Equal(0m, summary["revenue"]!.GetValue<decimal>());
        foreach (var rate in new[] { "churnRate", "retentionRate", "repeatPurchaseRate", "averageOrderValue" })
        {
            Assert.True(summary.ContainsKey(rate), rate);
            Assert.Null(summary[rate]);
        }
    }

    [Fact]
    public async Task Active_customers_without_orders_give_a_churn_rate_but_no_repeat_purchase_rate()
    {
        await AnalyticsHistory.StandardAsync(api);

        var summary = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/summary?from=2023-11-01T00:00:00Z&to=2023-12-01T00:00:00Z");

        Assert.Equal(3, summary["activeAtStart"]!.GetValue<int>());
        Assert.Equal(0.0, summary["churnRate"]!.GetValue<double>());
        Assert.Equal(100.0, summary["retentionRate"]!.GetValue<double>());
        Assert.Null(summary["repeatPurchaseRate"]);
        Assert.Null(summary["averageOrderValue"]);
    }

    [Fact]
    public async Task Offsets_in_from_and_to_are_answered_in_utc()
    {
        await AnalyticsHistory.StandardAsync(api);

        var summary = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/summary?from=2023-06-01T02:00:00%2B02:00&to=2023-07-01T00:00:00Z");

        Assert.Equal("2023-06-01T00:00:00Z", summary["from"]!.GetValue<string>());
        Assert.Equal(4, summary["orders"]!.GetValue<int>());
    }
}
