using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using static CustomerRetention.Api.Tests.Value.AnalyticsReference;

namespace CustomerRetention.Api.Tests.Value;

public sealed class AnalyticsSeriesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Metrics =
        ["activeCustomers", "newCustomers", "churnedCustomers", "churnRate", "retentionRate", "repeatPurchaseRate", "orders", "revenue", "averageOrderValue"];

    private readonly HttpClient _client = api.CreateClient();

    public static TheoryData<string, string, string> Ranges => new()
    {
        { "month", "2023-01-15T00:00:00Z", "2023-12-01T00:00:00Z" },
        { "month", "2022-11-01T00:00:00Z", "2024-07-01T00:00:00Z" },
        { "week", "2023-05-24T12:00:00Z", "2023-07-05T00:00:00Z" },
        { "week", "2023-01-01T00:00:00Z", "2023-03-01T00:00:00Z" },
        { "day", "2023-05-30T06:00:00Z", "2023-06-04T00:00:00Z" },
        { "day", "2023-06-09T00:00:00Z", "2023-06-12T00:00:01Z" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task Every_metric_of_every_period_equals_a_replay_of_the_history(string interval, string from, string to)
    {
        var history = await AnalyticsHistory.StandardAsync(api);
        var periods = Periods(interval, Utc(from), Utc(to));

        foreach (var metric in Metrics)
        {
            var series = await AnalyticsHistory.GetAsync(_client, $"/api/v1/analytics/series?metric={metric}&interval={interval}&from={from}&to={to}");

            Assert.Equal(metric, series["metric"]!.GetValue<string>());
            Assert.Equal(interval, series["interval"]!.GetValue<string>());
            var points = series["points"]!.AsArray().Select(p => p!.AsObject()).ToList();
            Assert.Equal(periods.Select(p => Iso(p.Start)), points.Select(p => p["periodStart"]!.GetValue<string>()));
            for (var i = 0; i < periods.Count; i++)
            {
                AnalyticsHistory.AssertClose(history.Reference.MetricOf(metric, periods[i].Start, periods[i].End), points[i]["value"], $"{metric} at {Iso(periods[i].Start)}");
            }
        }
    }

    [Fact]
    public async Task Weeks_start_on_monday_at_midnight_utc()
    {
        await AnalyticsHistory.StandardAsync(api);

        // 2023-06-04 is a Sunday: its week starts Monday 2023-05-29.
        var series = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/series?metric=orders&interval=week&from=2023-06-04T23:00:00Z&to=2023-06-06T00:00:00Z");

        var starts = series["points"]!.AsArray().Select(p => p!["periodStart"]!.GetValue<string>()).ToList();
        Assert.Equal(["2023-05-29T00:00:00Z", "2023-06-05T00:00:00Z"], starts);
    }

    [Fact]
    public async Task Monthly_order_counts_of_2023_match_the_orders_sent()
    {
        await AnalyticsHistory.StandardAsync(api);

        var series = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/series?metric=orders&interval=month&from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z");

        var values = series["points"]!.AsArray().Select(p => p!["value"]!.GetValue<int>()).ToList();
        Assert.Equal([1, 2, 0, 1, 1, 4, 0, 0, 2, 1, 0, 0], values);
    }

    [Fact]
    public async Task A_thousand_points_are_allowed_and_one_more_is_refused()
    {
        using var thousand = await _client.GetAsync("/api/v1/analytics/series?metric=orders&interval=day&from=2020-01-01T00:00:00Z&to=2022-09-27T00:00:00Z");
        var body = JsonNode.Parse(await thousand.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(1000, body["points"]!.AsArray().Count);

        using var more = await _client.GetAsync("/api/v1/analytics/series?metric=orders&interval=day&from=2020-01-01T00:00:00Z&to=2022-09-27T00:00:01Z");
        var problem = await more.AssertProblemAsync(400);
        Assert.Contains("interval", problem.ErrorKeys());
    }

    [Fact]
    public async Task A_series_over_an_empty_past_has_zeros_and_nulls()
    {
        var series = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/series?metric=churnRate&interval=month&from=2001-01-01T00:00:00Z&to=2001-04-01T00:00:00Z");

        var points = series["points"]!.AsArray();
        Assert.Equal(3, points.Count);
        Assert.All(points, p => Assert.Null(p!["value"]));
    }
}
