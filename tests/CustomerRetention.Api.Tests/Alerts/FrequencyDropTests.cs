using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// frequency-drop (SPEC §9.1) on hand-built histories: prev = completed orders in (asOf − 2w,
/// asOf − w], curr = in (asOf − w, asOf], drop = (prev − curr) / prev, firing at ≥ 0.30 and high
/// at ≥ 0.60, not evaluable below two previous orders.
/// </summary>
public sealed class FrequencyDropTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset AsOf = AlertApi.At("2025-06-30T00:00:00Z");
    private static readonly DateTimeOffset WindowStart = AsOf.AddDays(-90); // 2025-04-01, the previous window's end

    /// <summary><paramref name="previous"/> orders in the previous window and <paramref name="current"/> in the current one.</summary>
    private static async Task<Guid> CustomerAsync(HttpClient client, string tag, int previous, int current)
    {
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, AlertApi.Daily(WindowStart.AddDays(-80), previous));
        await client.OrdersAsync(customer, AlertApi.Daily(WindowStart.AddDays(5), current));
        return customer;
    }

    [Fact]
    public async Task The_worked_example_from_10_to_7_orders_fires_at_exactly_the_threshold_with_its_reason_and_evidence()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await CustomerAsync(client, tag, 10, 7);
        var rule = await client.NewRuleAsync("frequency-drop", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        Assert.Equal(1, evaluation.Figure("evaluated"));
        Assert.Equal(1, evaluation.Figure("fired"));
        var alert = await client.OnlyAlertAsync(customer);
        Assert.Equal("open", alert["status"]!.GetValue<string>());
        Assert.Equal("medium", alert["severity"]!.GetValue<string>());
        Assert.Equal(0.3m, alert["score"]!.GetValue<decimal>());
        Assert.Equal("Orders fell from 10 to 7 (−30 %) between the 90-day windows ending 2025-04-01 and 2025-06-30; threshold 30 %.", alert["reason"]!.GetValue<string>());
        Assert.Equal("Orders fell 30 %", alert["title"]!.GetValue<string>());
        var evidence = alert["evidence"]!;
        Assert.Equal(10, evidence["previousWindow"]!["orders"]!.GetValue<int>());
        Assert.Equal(7, evidence["currentWindow"]!["orders"]!.GetValue<int>());
        Assert.Equal("2025-01-01T00:00:00Z", evidence["previousWindow"]!["from"]!.GetValue<string>());
        Assert.Equal("2025-04-01T00:00:00Z", evidence["previousWindow"]!["to"]!.GetValue<string>());
        Assert.Equal("2025-06-30T00:00:00Z", evidence["asOf"]!.GetValue<string>());
        Assert.Equal(90, evidence["params"]!["windowDays"]!.GetValue<int>());
        Assert.Equal(rule["id"]!.GetValue<Guid>(), alert["ruleId"]!.GetValue<Guid>());
        Assert.Equal(1, alert["ruleVersion"]!.GetValue<int>());
        Assert.Equal(AsOf, alert["firstDetectedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, alert["occurrences"]!.GetValue<int>());
        Assert.Equal($"{rule["id"]}:{customer}", alert["dedupeKey"]!.GetValue<string>());
        Assert.Equal(evaluation["id"]!.GetValue<Guid>(), alert["evaluationId"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData(10, 8, null, null)] // drop 0.2: below the threshold
    [InlineData(10, 7, "medium", 0.3)] // exactly at the threshold (inclusive)
    [InlineData(3, 2, "medium", 0.333333)] // a third, exact decimal division
    [InlineData(5, 2, "high", 0.6)] // exactly at the raise
    [InlineData(10, 5, "medium", 0.5)]
    [InlineData(2, 0, "high", 1.0)] // the minimum previous orders, everything lost
    [InlineData(4, 6, null, null)] // a rise never fires
    public async Task Drops_at_and_around_the_thresholds_give_the_severity_and_score_of_the_rule(int previous, int current, string? severity, double? score)
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await CustomerAsync(client, tag, previous, current);
        var rule = await client.NewRuleAsync("frequency-drop", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        var alerts = await client.AlertsOfAsync(customer);
        Assert.Equal(severity is null ? 0 : 1, evaluation.Figure("fired"));
        if (severity is null)
        {
            Assert.Empty(alerts);
            return;
        }

        var alert = Assert.Single(alerts);
        Assert.Equal(severity, alert["severity"]!.GetValue<string>());
        Assert.Equal((decimal)score!.Value, alert["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_customer_with_one_previous_order_is_not_evaluable_and_gets_no_alert()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await CustomerAsync(client, tag, 1, 0);
        var none = await client.NewTaggedCustomerAsync(tag, "Never bought");
        var rule = await client.NewRuleAsync("frequency-drop", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        Assert.Equal(2, evaluation.Figure("evaluated"));
        Assert.Equal(2, evaluation.NotEvaluable("too-few-previous-orders"));
        Assert.Equal(0, evaluation.Figure("fired"));
        Assert.Empty(await client.AlertsOfAsync(customer));
        Assert.Empty(await client.AlertsOfAsync(none));
    }

    [Fact]
    public async Task The_window_bounds_are_half_open_at_their_start_and_closed_at_their_end()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await client.NewTaggedCustomerAsync(tag);

        // asOf − 2w is outside both windows; asOf − w is the previous window's last instant; asOf the current one's.
        await client.OrdersAsync(customer, AsOf.AddDays(-180), AsOf.AddDays(-180).AddSeconds(1), WindowStart, AsOf);
        var rule = await client.NewRuleAsync("frequency-drop", tag);

        await client.EvaluateAsync(rule, AsOf);

        // prev = 2 (asOf − 2w + 1 s and asOf − w), curr = 1 (asOf): drop 0.5.
        var alert = await client.OnlyAlertAsync(customer);
        Assert.Equal(2, alert["evidence"]!["previousWindow"]!["orders"]!.GetValue<int>());
        Assert.Equal(1, alert["evidence"]!["currentWindow"]!["orders"]!.GetValue<int>());
        Assert.Equal(0.5m, alert["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_past_asOf_is_a_backtest_that_ignores_later_orders_and_cancelled_ones()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await CustomerAsync(client, tag, 4, 1);

        // Orders after asOf, and cancelled ones inside the window, do not count.
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(1), 6));
        await client.AddOrderAsync(customer, WindowStart.AddDays(30), 10m, "cancelled");
        var rule = await client.NewRuleAsync("frequency-drop", tag);

        await client.EvaluateAsync(rule, AsOf);

        var alert = await client.OnlyAlertAsync(customer);
        Assert.Equal(0.75m, alert["score"]!.GetValue<decimal>());
        Assert.Equal("high", alert["severity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Customers_out_of_scope_are_not_evaluated()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var inScope = await CustomerAsync(client, tag, 10, 1);
        var otherTag = await CustomerAsync(client, AlertApi.NewTag(), 10, 1);
        var rule = await client.NewRuleAsync("frequency-drop", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        Assert.Equal(1, evaluation.Figure("evaluated"));
        Assert.Single(await client.AlertsOfAsync(inScope));
        Assert.Empty(await client.AlertsOfAsync(otherTag));
        var listed = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts?ruleId={rule["id"]}"))!["items"]!.AsArray();
        Assert.Single(listed);
    }
}
