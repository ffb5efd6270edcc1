using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>
/// Sixty customers with seeded random orders, a run as of 2025-03-01, then changes (new orders for
/// some, a cancelled order, an archived customer, a new buyer) and a second run as of 2025-06-01.
/// </summary>
public sealed class RfmReadingFixture : IAsyncLifetime, IAsyncDisposable
{
    public static readonly DateTimeOffset FirstAsOf = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SecondAsOf = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly decimal[] Amounts = [5m, 10m, 10m, 20m, 25.5m, 40m, 99.99m, 0.01m];

    private readonly ApiFactory _api = new();
    private bool _disposed;

    public HttpClient Client { get; private set; } = null!;

    public List<Guid> Customers { get; } = [];

    public Guid Cancelled { get; private set; }

    public Guid Archived { get; private set; }

    public Guid NewBuyer { get; private set; }

    public Guid NeverBought { get; private set; }

    /// <summary>A customer scored in both runs whose row does not change between its two ETag reads.</summary>
    public Guid Watched { get; private set; }

    public string WatchedETagBeforeSecondRun { get; private set; } = string.Empty;

    public JsonObject FirstRun { get; private set; } = null!;

    public JsonObject SecondRun { get; private set; } = null!;

    public RfmExpectedRun First { get; private set; } = null!;

    public RfmExpectedRun Second { get; private set; } = null!;

    public Guid FirstRunId => RfmApi.IdOf(FirstRun);

    public Guid SecondRunId => RfmApi.IdOf(SecondRun);

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        Client = _api.CreateClient();
        var scenario = new RfmScenario(Client);
        var random = new Random(20250301);
        for (var i = 0; i < 60; i++)
        {
            var orders = Enumerable.Range(0, random.Next(1, 7))
                .Select(_ => (FirstAsOf - TimeSpan.FromMinutes(random.Next(1, 400 * 24 * 60)), Amounts[random.Next(Amounts.Length)]))
                .ToArray();
            Customers.Add(await scenario.CustomerAsync($"Reader {i:00}", orders));
        }

        Cancelled = await scenario.CustomerAsync("Cancelled later");
        var cancelledOrder = await scenario.OrderAsync(Cancelled, FirstAsOf.AddDays(-3), 77m);
        Archived = await scenario.CustomerAsync("Archived later", (FirstAsOf.AddDays(-30), 12m), (FirstAsOf.AddDays(-10), 13m));
        NeverBought = await scenario.CustomerAsync("Never bought");
        Customers.AddRange([Cancelled, Archived, NeverBought]);
        Watched = Customers[0];

        FirstRun = await Client.RunAsync(new { asOf = RfmApi.Utc(FirstAsOf) });
        First = RfmReference.Compute(scenario.Orders, FirstAsOf);

        for (var i = 1; i < 60; i += 3)
        {
            await scenario.OrderAsync(Customers[i], FirstAsOf.AddDays(random.Next(0, 90)).AddHours(random.Next(0, 24)), Amounts[random.Next(Amounts.Length)]);
        }

        await scenario.ChangeStatusAsync(cancelledOrder, "cancelled");
        await scenario.ArchiveAsync(Archived);
        Customers.Remove(Archived);
        NewBuyer = await scenario.CustomerAsync("New buyer", (FirstAsOf.AddDays(20), 45m), (FirstAsOf.AddDays(50), 55m));
        Customers.Add(NewBuyer);

        using (var before = await Client.GetAsync($"/api/v1/customers/{Watched}"))
        {
            WatchedETagBeforeSecondRun = before.Headers.ETag!.Tag;
        }

        SecondRun = await Client.RunAsync(new { asOf = RfmApi.Utc(SecondAsOf) });
        Second = RfmReference.Compute(scenario.Orders, SecondAsOf);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client?.Dispose();
        await ((IAsyncLifetime)_api).DisposeAsync();
    }
}

public sealed class RfmReadingTests(RfmReadingFixture data) : IClassFixture<RfmReadingFixture>
{
    private readonly HttpClient _client = data.Client;

    private static string Cell(string? from, string? to) => $"{from ?? "null"} -> {to ?? "null"}";

    [Fact]
    public async Task Both_runs_match_the_reference()
    {
        Assert.Contains(data.Cancelled, data.First.Scores.Keys);
        Assert.DoesNotContain(data.Cancelled, data.Second.Scores.Keys);
        Assert.Contains(data.Archived, data.First.Scores.Keys);
        Assert.DoesNotContain(data.Archived, data.Second.Scores.Keys);
        Assert.DoesNotContain(data.NewBuyer, data.First.Scores.Keys);

        await _client.AssertRunMatchesAsync(data.First, data.FirstRun, archivedSince: [data.Archived]);
        await _client.AssertRunMatchesAsync(data.Second, data.SecondRun);
    }

    [Fact]
    public async Task The_segment_summary_shares_add_up_to_one_and_the_counts_to_the_scored_customers()
    {
        var summary = await _client.SegmentsAsync(data.SecondRunId);
        var segments = summary["segments"]!.AsArray().Select(s => s!.AsObject()).ToList();

        Assert.Equal(data.SecondRunId, summary["runId"]!.GetValue<Guid>());
        Assert.Equal(RfmReadingFixture.SecondAsOf, RfmApi.ParseTime(summary["asOf"]));
        Assert.Equal(data.Second.Scores.Count, summary["scoredCustomers"]!.GetValue<int>());
        Assert.Equal(data.Second.Scores.Count, segments.Sum(s => s["customers"]!.GetValue<int>()));
        Assert.Equal(1.0, segments.Sum(s => s["share"]!.GetValue<double>()), 1e-9);
        Assert.Equal(1.0, segments.Sum(s => s["revenueShare"]!.GetValue<double>()), 1e-9);
        Assert.All(segments, s => Assert.InRange(s["share"]!.GetValue<double>(), 0, 1));

        // Without runId: the latest succeeded run.
        var latest = (await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segments"))!;
        Assert.Equal(data.SecondRunId, latest["runId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Paging_a_segment_three_at_a_time_returns_each_customer_once_highest_monetary_first()
    {
        foreach (var segment in RfmReference.DefaultSegments)
        {
            var paged = await _client.SegmentCustomersAsync(data.SecondRunId, segment, limit: 3);
            var expected = data.Second.Scores.Values.Where(s => s.Segment == segment).ToList();

            Assert.Equal(expected.Select(s => s.CustomerId).Order(), paged.Select(p => p.CustomerId).Order());
            Assert.Equal(expected.Select(s => s.Monetary).OrderDescending(), paged.Select(p => p.Monetary));
            Assert.All(paged, p => Assert.StartsWith(p.CustomerId == data.NewBuyer ? "New buyer" : "Reader", p.Name, StringComparison.Ordinal));
        }

        // Without runId: the latest succeeded run.
        var latest = (await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segments/lost/customers?limit=200"))!;
        Assert.Equal(data.Second.CustomersIn("lost"), latest["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_cursor_only_continues_the_list_it_came_from()
    {
        var segment = data.Second.Scores.Values.GroupBy(s => s.Segment).MaxBy(g => g.Count())!.Key;
        var other = RfmReference.DefaultSegments.First(s => s != segment);
        var page = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/segments/{segment}/customers?runId={data.SecondRunId}&limit=1"))!;
        var cursor = page["nextCursor"]!.GetValue<string>();
        var tampered = (cursor[^2] == 'A' ? cursor[..^2] + "B" : cursor[..^2] + "A") + cursor[^1];

        foreach (var uri in new[]
        {
            $"/api/v1/rfm/segments/{other}/customers?runId={data.SecondRunId}&cursor={Uri.EscapeDataString(cursor)}",
            $"/api/v1/rfm/segments/{segment}/customers?runId={data.FirstRunId}&cursor={Uri.EscapeDataString(cursor)}",
            $"/api/v1/rfm/segments/{segment}/customers?runId={data.SecondRunId}&cursor={Uri.EscapeDataString(tampered)}",
            $"/api/v1/customers?cursor={Uri.EscapeDataString(cursor)}",
        })
        {
            using var response = await _client.GetAsync(uri);
            var problem = await response.AssertProblemAsync(400);
            Assert.True(problem.ErrorKeys().Contains("cursor"), $"{uri}: {problem.ToJsonString()}");
        }
    }

    [Fact]
    public async Task A_customers_rfm_has_the_latest_runs_scores_and_the_history_of_every_run_newest_first()
    {
        foreach (var id in data.Customers)
        {
            var rfm = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}/rfm"))!;
            var history = rfm["history"]!.AsArray();
            var expectedHistory = new List<(Guid Run, DateTimeOffset AsOf, RfmExpectedScore Score)>();
            if (data.Second.Scores.TryGetValue(id, out var second))
            {
                RfmApi.AssertScore(second, data.SecondRunId, RfmReadingFixture.SecondAsOf, rfm["current"]);
                expectedHistory.Add((data.SecondRunId, RfmReadingFixture.SecondAsOf, second));
            }
            else
            {
                Assert.Null(rfm["current"]);
            }

            if (data.First.Scores.TryGetValue(id, out var first))
            {
                expectedHistory.Add((data.FirstRunId, RfmReadingFixture.FirstAsOf, first));
            }

            Assert.Equal(expectedHistory.Count, history.Count);
            for (var i = 0; i < history.Count; i++)
            {
                RfmApi.AssertScore(expectedHistory[i].Score, expectedHistory[i].Run, expectedHistory[i].AsOf, history[i]);
            }
        }

        var cancelled = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{data.Cancelled}/rfm"))!;
        Assert.Null(cancelled["current"]);
        Assert.Single(cancelled["history"]!.AsArray());
        var never = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{data.NeverBought}/rfm"))!;
        Assert.Null(never["current"]);
        Assert.Empty(never["history"]!.AsArray());
        using var archived = await _client.GetAsync($"/api/v1/customers/{data.Archived}/rfm");
        await archived.AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_customer_resource_carries_the_latest_runs_scores_or_null()
    {
        foreach (var id in data.Customers)
        {
            var customer = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}"))!;
            if (data.Second.Scores.TryGetValue(id, out var expected))
            {
                RfmApi.AssertScore(expected, data.SecondRunId, RfmReadingFixture.SecondAsOf, customer["rfm"]);
            }
            else
            {
                Assert.True(customer.ContainsKey("rfm") && customer["rfm"] is null, customer.ToJsonString());
            }
        }
    }

    [Fact]
    public async Task The_customer_list_filtered_by_segment_has_exactly_the_customers_of_that_segment_in_the_latest_run()
    {
        foreach (var segment in RfmReference.DefaultSegments)
        {
            var expected = data.Second.Scores.Values.Where(s => s.Segment == segment).Select(s => s.CustomerId).Order().ToList();
            Assert.Equal(expected, (await _client.ListCustomerIdsAsync($"segment={segment}")).Order());
        }

        using (var unknown = await _client.GetAsync("/api/v1/customers?segment=no-such-segment"))
        {
            Assert.Equal(["segment"], (await unknown.AssertProblemAsync(400)).ErrorKeys());
        }

        var lists = await Task.WhenAll(RfmReference.DefaultSegments.Select(s => _client.ListCustomerIdsAsync($"segment={s}")));
        Assert.Equal(data.Second.Scores.Count, lists.Sum(l => l.Count));
    }

    [Fact]
    public async Task A_customers_etag_changes_when_a_new_run_succeeds()
    {
        Assert.True(data.Second.Scores.ContainsKey(data.Watched) && data.First.Scores.ContainsKey(data.Watched));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{data.Watched}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(data.WatchedETagBeforeSecondRun));
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var current = response.Headers.ETag!.Tag;
        Assert.NotEqual(data.WatchedETagBeforeSecondRun, current);
        var customer = await response.ReadObjectAsync();
        RfmApi.AssertScore(data.Second.Scores[data.Watched], data.SecondRunId, RfmReadingFixture.SecondAsOf, customer["rfm"]);
        Assert.Equal(current, customer["etag"]!.GetValue<string>());

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{data.Watched}");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(current));
        using var notModified = await _client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Migrations_between_the_two_runs_match_the_reference_in_both_directions()
    {
        foreach (var (from, to, fromRun, toRun) in new[]
        {
            (data.First, data.Second, data.FirstRunId, data.SecondRunId),
            (data.Second, data.First, data.SecondRunId, data.FirstRunId),
        })
        {
            var expected = from.Scores.Keys.Union(to.Scores.Keys)
                .GroupBy(id => Cell(from.Scores.GetValueOrDefault(id)?.Segment, to.Scores.GetValueOrDefault(id)?.Segment))
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var migrations = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/migrations?fromRunId={fromRun}&toRunId={toRun}"))!;

            Assert.Equal(fromRun, migrations["fromRunId"]!.GetValue<Guid>());
            Assert.Equal(toRun, migrations["toRunId"]!.GetValue<Guid>());
            var cells = migrations["cells"]!.AsArray().Select(c => (Cell: Cell(c!["from"]?.GetValue<string>(), c["to"]?.GetValue<string>()), Count: c["customers"]!.GetValue<int>())).ToList();
            Assert.Equal(cells.Count, cells.Select(c => c.Cell).Distinct().Count());
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), cells.ToDictionary(c => c.Cell, c => c.Count).OrderBy(e => e.Key, StringComparer.Ordinal));
        }

        // The cancelled and archived customers left, the new buyer arrived.
        var forward = (await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/migrations"))!;
        Assert.Equal(data.FirstRunId, forward["fromRunId"]!.GetValue<Guid>());
        Assert.Equal(data.SecondRunId, forward["toRunId"]!.GetValue<Guid>());
        Assert.Contains(forward["cells"]!.AsArray(), c => c!["from"] is null && c["to"]!.GetValue<string>() == data.Second.Scores[data.NewBuyer].Segment);
        Assert.Equal(2, forward["cells"]!.AsArray().Where(c => c!["to"] is null).Sum(c => c!["customers"]!.GetValue<int>()));
    }
}
