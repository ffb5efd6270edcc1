using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>Hand-built RFM scenarios; each class has its own database, so a run scores exactly its customers.</summary>
internal static class RfmScenarioTimes
{
    public static readonly DateTimeOffset AsOf = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    public static DateTimeOffset DaysBefore(double days) => AsOf - TimeSpan.FromDays(days);

    public static object Run(int? windowDays = null) => windowDays is { } days
        ? new { asOf = RfmApi.Utc(AsOf), windowDays = days }
        : new { asOf = RfmApi.Utc(AsOf) };
}

public sealed class RfmTiedFrequencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task When_every_customer_ordered_once_every_frequency_breakpoint_is_one_and_everybody_gets_f_1()
    {
        var scenario = new RfmScenario(_client);
        (double Days, decimal Amount)[] orders = [(1, 10m), (5, 20m), (5, 20m), (30, 35.5m), (90, 50m), (200, 80m), (400, 0m)];
        var ids = new List<Guid>();
        foreach (var (days, amount) in orders)
        {
            ids.Add(await scenario.CustomerAsync($"Once {days}", (RfmScenarioTimes.DaysBefore(days), amount)));
        }

        var run = await _client.RunAsync(RfmScenarioTimes.Run());
        var expected = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf);

        // By hand: recency 1,5,5,30,90,200,400 → positions 1.2, 2.4, 3.6, 4.8 → 5, 15, 66, 178;
        // amounts 0,10,20,20,35.5,50,80 → 12, 20, 29.3, 47.1; frequencies all 1 → 1, 1, 1, 1.
        RfmApi.AssertBreakpoints(new RfmReferenceBreakpoints([5, 15, 66, 178], [1, 1, 1, 1], [12, 20, 29.3, 47.1]), run);
        Assert.Equal([5, 5, 5, 3, 2, 1, 1], ids.Select(id => expected.Scores[id].R));
        Assert.Equal([1, 2, 2, 4, 5, 5, 1], ids.Select(id => expected.Scores[id].M));
        Assert.All(expected.Scores.Values, s => Assert.Equal(1, s.F));
        Assert.Equal(
            ["new-customers", "new-customers", "new-customers", "about-to-sleep", "hibernating", "lost", "lost"],
            ids.Select(id => expected.Scores[id].Segment));
        await _client.AssertRunMatchesAsync(expected, run);
    }
}

public sealed class RfmSingleCustomerTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_single_customer_is_every_breakpoint_and_so_a_new_customer_with_r_5_f_1_m_1()
    {
        var scenario = new RfmScenario(_client);
        var id = await scenario.CustomerAsync(
            "Alone",
            (RfmScenarioTimes.DaysBefore(100), 30m),
            (RfmScenarioTimes.DaysBefore(40), 7.25m),
            (RfmScenarioTimes.DaysBefore(10.5), 12.5m));

        var run = await _client.RunAsync(RfmScenarioTimes.Run());
        var expected = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf);

        Assert.Equal(new RfmExpectedScore(id, 10, 3, 49.75m, 5, 1, 1, "new-customers"), expected.Scores[id]);
        RfmApi.AssertBreakpoints(new RfmReferenceBreakpoints([10, 10, 10, 10], [3, 3, 3, 3], [49.75, 49.75, 49.75, 49.75]), run);
        await _client.AssertRunMatchesAsync(expected, run);

        var summary = await _client.SegmentsAsync(RfmApi.IdOf(run));
        var segment = summary["segments"]!.AsArray().Single(s => s!["segment"]!.GetValue<string>() == "new-customers")!;
        Assert.Equal(1, segment["customers"]!.GetValue<int>());
        Assert.Equal(1.0, segment["share"]!.GetValue<double>());
        Assert.Equal(1.0, segment["revenueShare"]!.GetValue<double>());
        Assert.Equal(49.75m, segment["revenue"]!.GetValue<decimal>());
        Assert.Equal(10.0, segment["avgRecencyDays"]!.GetValue<double>());
        Assert.Equal(3.0, segment["avgFrequency"]!.GetValue<double>());
        Assert.Equal(49.75m, segment["avgMonetary"]!.GetValue<decimal>());
    }
}

public sealed class RfmUnscoredCustomerTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Customers_without_a_completed_order_before_as_of_and_archived_customers_are_not_scored()
    {
        var scenario = new RfmScenario(_client);
        var cancelledOnly = await scenario.CustomerAsync("Cancelled only");
        await scenario.OrderAsync(cancelledOnly, RfmScenarioTimes.DaysBefore(3), 99m, "cancelled");
        var refundedOnly = await scenario.CustomerAsync("Refunded only");
        await scenario.OrderAsync(refundedOnly, RfmScenarioTimes.DaysBefore(8), 45m, "refunded");
        var laterRefunded = await scenario.CustomerAsync("Refunded later");
        await scenario.ChangeStatusAsync(await scenario.OrderAsync(laterRefunded, RfmScenarioTimes.DaysBefore(12), 60m), "refunded");
        var noOrders = await scenario.CustomerAsync("No orders");
        var onlyAfterAsOf = await scenario.CustomerAsync("Only after asOf", (RfmScenarioTimes.AsOf.AddDays(3), 70m));
        var mixed = await scenario.CustomerAsync("Mixed", (RfmScenarioTimes.DaysBefore(50), 10m), (RfmScenarioTimes.DaysBefore(20), 15m));
        await scenario.OrderAsync(mixed, RfmScenarioTimes.DaysBefore(2), 1000m, "cancelled");
        var archived = await scenario.CustomerAsync("Archived", (RfmScenarioTimes.DaysBefore(1), 500m), (RfmScenarioTimes.DaysBefore(2), 500m));
        await scenario.ArchiveAsync(archived);
        await scenario.CustomerAsync("Regular A", (RfmScenarioTimes.DaysBefore(3), 25m));
        await scenario.CustomerAsync("Regular B", (RfmScenarioTimes.DaysBefore(300), 5m), (RfmScenarioTimes.DaysBefore(200), 5m), (RfmScenarioTimes.DaysBefore(100), 5m));

        var run = await _client.RunAsync(RfmScenarioTimes.Run());
        var expected = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf);

        Assert.Equal(3, expected.Scores.Count);
        Assert.Equal((20, 2, 25m), (expected.Scores[mixed].RecencyDays, expected.Scores[mixed].Frequency, expected.Scores[mixed].Monetary));
        await _client.AssertRunMatchesAsync(expected, run);

        foreach (var id in new[] { cancelledOnly, refundedOnly, laterRefunded, noOrders, onlyAfterAsOf })
        {
            var rfm = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}/rfm"))!;
            Assert.Null(rfm["current"]);
            Assert.Empty(rfm["history"]!.AsArray());
            var customer = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}"))!;
            Assert.True(customer.ContainsKey("rfm") && customer["rfm"] is null, customer.ToJsonString());
        }

        using var gone = await _client.GetAsync($"/api/v1/customers/{archived}/rfm");
        await gone.AssertProblemAsync(404);
        Assert.Equal(0, await api.ScalarAsync<int>($"SELECT count(*)::int FROM rfm_results WHERE customer_id = '{archived}'"));
    }
}

public sealed class RfmAsOfBoundaryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_order_exactly_at_as_of_does_not_count_and_one_a_microsecond_before_counts_with_recency_0()
    {
        var asOf = RfmScenarioTimes.AsOf;
        var micro = RfmScenarioTimes.Microsecond;
        var scenario = new RfmScenario(_client);
        var atAsOf = await scenario.CustomerAsync("At asOf", (asOf, 10m));
        var justBefore = await scenario.CustomerAsync("Just before", (asOf - micro, 20m));
        var both = await scenario.CustomerAsync("Both", (asOf - micro, 30m), (asOf, 40m));
        var oneDay = await scenario.CustomerAsync("One day", (asOf.AddDays(-1), 50m));
        var almostOneDay = await scenario.CustomerAsync("Almost one day", (asOf.AddDays(-1) + micro, 60m));
        var twoDaysAndABit = await scenario.CustomerAsync("Two days and a bit", (asOf.AddDays(-2) - micro, 70m));
        var later = await scenario.CustomerAsync("Later", (asOf.AddDays(1), 80m));

        var run = await _client.RunAsync(new { asOf = RfmApi.Utc(asOf) });
        var expected = RfmReference.Compute(scenario.Orders, asOf);

        Assert.False(expected.Scores.ContainsKey(atAsOf));
        Assert.False(expected.Scores.ContainsKey(later));
        Assert.Equal((0, 1, 20m), Measures(expected.Scores[justBefore]));
        Assert.Equal((0, 1, 30m), Measures(expected.Scores[both]));
        Assert.Equal((1, 1, 50m), Measures(expected.Scores[oneDay]));
        Assert.Equal((0, 1, 60m), Measures(expected.Scores[almostOneDay]));
        Assert.Equal((2, 1, 70m), Measures(expected.Scores[twoDaysAndABit]));
        Assert.Equal(asOf, RfmApi.ParseTime(run["asOf"]));
        await _client.AssertRunMatchesAsync(expected, run);
    }

    private static (int, int, decimal) Measures(RfmExpectedScore s) => (s.RecencyDays, s.Frequency, s.Monetary);
}

public sealed class RfmWindowTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_window_counts_orders_from_as_of_minus_window_days_inclusive_and_leaves_out_older_ones()
    {
        var start = RfmScenarioTimes.DaysBefore(30);
        var scenario = new RfmScenario(_client);
        var atStart = await scenario.CustomerAsync("At window start", (start, 11m), (start - RfmScenarioTimes.Microsecond, 100m));
        var onlyOld = await scenario.CustomerAsync("Only old", (start.AddDays(-1), 12m), (RfmScenarioTimes.DaysBefore(400), 13m));
        var mixed = await scenario.CustomerAsync(
            "Mixed",
            (RfmScenarioTimes.DaysBefore(1), 14m),
            (RfmScenarioTimes.DaysBefore(10), 15m),
            (RfmScenarioTimes.DaysBefore(40), 16m));
        await scenario.CustomerAsync("Recent", (RfmScenarioTimes.DaysBefore(5), 17m));
        await scenario.CustomerAsync("Middle", (RfmScenarioTimes.DaysBefore(15), 18m), (RfmScenarioTimes.DaysBefore(16), 19m));

        var windowRun = await _client.RunAsync(RfmScenarioTimes.Run(windowDays: 30));
        var allRun = await _client.RunAsync(RfmScenarioTimes.Run());
        var inWindow = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf, windowDays: 30);
        var allHistory = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf);

        Assert.Equal((30, 1, 11m), (inWindow.Scores[atStart].RecencyDays, inWindow.Scores[atStart].Frequency, inWindow.Scores[atStart].Monetary));
        Assert.Equal((2, 111m), (allHistory.Scores[atStart].Frequency, allHistory.Scores[atStart].Monetary));
        Assert.False(inWindow.Scores.ContainsKey(onlyOld));
        Assert.True(allHistory.Scores.ContainsKey(onlyOld));
        Assert.Equal((2, 3), (inWindow.Scores[mixed].Frequency, allHistory.Scores[mixed].Frequency));
        Assert.Equal(30, windowRun["windowDays"]!.GetValue<int>());
        Assert.Null(allRun["windowDays"]);
        await _client.AssertRunMatchesAsync(inWindow, windowRun);
        await _client.AssertRunMatchesAsync(allHistory, allRun);
    }
}

public sealed class RfmFixedBreakpointsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly RfmReferenceBreakpoints Fixed = new([7, 30, 90, 180], [1, 2, 4, 8], [20, 50, 100.5, 500]);

    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_fixed_run_scores_with_the_given_breakpoints_strictly_below_and_reports_them()
    {
        var scenario = new RfmScenario(_client);
        // (recency days, orders, monetary) → expected (r, f, m), values sitting on and just past breakpoints.
        (int Recency, int Orders, decimal Monetary, int R, int F, int M)[] cases =
        [
            (0, 1, 0m, 5, 1, 1),
            (7, 1, 20m, 5, 1, 1),
            (8, 2, 20.01m, 4, 2, 2),
            (30, 3, 50m, 4, 3, 2),
            (31, 4, 100.5m, 3, 3, 3),
            (90, 8, 100.51m, 3, 4, 4),
            (91, 9, 500m, 2, 5, 4),
            (180, 12, 500.01m, 2, 5, 5),
            (181, 1, 1000m, 1, 1, 5),
            (3000, 2, 30m, 1, 2, 2),
        ];
        var ids = new List<Guid>();
        foreach (var c in cases)
        {
            // The latest order sets the recency; the earlier ones are a day apart; the amounts add up to the monetary value.
            var share = decimal.Round(c.Monetary / c.Orders, 2, MidpointRounding.ToZero);
            var orders = Enumerable.Range(0, c.Orders)
                .Select(i => (RfmScenarioTimes.DaysBefore(c.Recency + 0.25 + i), i == 0 ? c.Monetary - (share * (c.Orders - 1)) : share))
                .ToArray();
            ids.Add(await scenario.CustomerAsync($"Fixed {c.Recency}", orders));
        }

        var body = new
        {
            asOf = RfmApi.Utc(RfmScenarioTimes.AsOf),
            policy = "fixed",
            breakpoints = new { recencyDays = Fixed.RecencyDays, frequency = Fixed.Frequency, monetary = Fixed.Monetary },
        };
        var queued = await _client.StartRunAsync(body);
        Assert.Equal("queued", queued["status"]!.GetValue<string>());
        Assert.Equal("fixed", queued["policy"]!.GetValue<string>());
        RfmApi.AssertBreakpoints(Fixed, queued);
        var run = await _client.WaitForRunAsync(RfmApi.IdOf(queued));
        var expected = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf, fixedBreakpoints: Fixed);

        Assert.Equal("fixed", run["policy"]!.GetValue<string>());
        Assert.Equal(cases.Select(c => (c.Recency, c.Orders, c.Monetary, c.R, c.F, c.M)), ids.Select(id => expected.Scores[id]).Select(s => (s.RecencyDays, s.Frequency, s.Monetary, s.R, s.F, s.M)));
        Assert.Equal(Fixed.RecencyDays, RfmApi.Doubles(run["breakpoints"]!["recencyDays"]));
        Assert.Equal(Fixed.Frequency, RfmApi.Doubles(run["breakpoints"]!["frequency"]));
        Assert.Equal(Fixed.Monetary, RfmApi.Doubles(run["breakpoints"]!["monetary"]));
        await _client.AssertRunMatchesAsync(expected, run);

        // A quantile run over the same customers computes its own breakpoints; the fixed run keeps the given ones.
        var quantile = await _client.RunAsync(RfmScenarioTimes.Run());
        Assert.Equal("quantile", quantile["policy"]!.GetValue<string>());
        await _client.AssertRunMatchesAsync(RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf), quantile);
        using var response = await _client.GetAsync($"/api/v1/rfm/runs/{RfmApi.IdOf(run)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        RfmApi.AssertBreakpoints(Fixed, await response.ReadObjectAsync());
    }
}
