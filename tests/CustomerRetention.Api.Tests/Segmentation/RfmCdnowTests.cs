using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Xunit.Abstractions;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>
/// The CDNOW sample loaded through the HTTP API once for the class (one customer per CDNOW id, one
/// completed order per purchase at 00:00Z of its date), with the runs the tests compare cached.
/// </summary>
public sealed class RfmCdnowFixture : IAsyncLifetime, IAsyncDisposable
{
    public static readonly DateTimeOffset AsOf = new(1998, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ApiFactory _api = new();
    private readonly Dictionary<string, Task<JsonObject>> _runs = new(StringComparer.Ordinal);
    private bool _disposed;

    public HttpClient Client { get; private set; } = null!;

    public IReadOnlyList<RfmOrder> Orders { get; private set; } = [];

    /// <summary>The API's customer id of each CDNOW customer id.</summary>
    public IReadOnlyDictionary<int, Guid> CustomerIds { get; private set; } = new Dictionary<int, Guid>();

    public TimeSpan LoadTime { get; private set; }

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        Client = _api.CreateClient();
        var watch = Stopwatch.StartNew();
        var (ids, orders) = await LoadAsync(Client);
        LoadTime = watch.Elapsed;
        CustomerIds = ids;

        // With statistics on orders, runs split their aggregate into customer-id slices (one per
        // parallel worker), so the exact comparisons below check the sliced aggregate; the
        // hand-built cases in RfmScoringTests run on fresh tables without statistics (one slice).
        await _api.ExecuteAsync("ANALYZE orders");
        Orders = orders;
    }

    /// <summary>
    /// Loads the CDNOW sample through the HTTP API: one customer per CDNOW id (all of them, or those
    /// <paramref name="include"/> selects), one completed order per purchase at 00:00Z of its date.
    /// Returns the API's customer id of each CDNOW id and the orders sent.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<int, Guid> CustomerIds, IReadOnlyList<RfmOrder> Orders)> LoadAsync(HttpClient client, Func<int, bool>? include = null)
    {
        var purchases = RfmCdnowTests.Parse(RfmCdnowData.Text).Where(p => include?.Invoke(p.Customer) != false).ToList();
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<int, Guid>();
        await Parallel.ForEachAsync(
            purchases.GroupBy(p => p.Customer),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (customer, _) =>
            {
                var created = await client.CreateCustomerAsync(new
                {
                    type = "individual",
                    name = $"CDNOW {customer.Key.ToString("0000", CultureInfo.InvariantCulture)}",
                    externalId = $"cdnow-{customer.Key.ToString(CultureInfo.InvariantCulture)}",
                });
                var id = created["id"]!.GetValue<Guid>();
                ids[customer.Key] = id;
                foreach (var purchase in customer)
                {
                    await client.AddOrderAsync(id, purchase.Date, purchase.Amount);
                }
            });
        return (ids, purchases.Select(p => new RfmOrder(ids[p.Customer], p.Date, p.Amount)).ToList());
    }

    /// <summary>The succeeded quantile run with asOf 1998-07-01 and the given window, started once.</summary>
    public Task<JsonObject> RunAsync(int? windowDays)
    {
        var key = windowDays?.ToString(CultureInfo.InvariantCulture) ?? "all";
        lock (_runs)
        {
            if (!_runs.TryGetValue(key, out var run))
            {
                run = windowDays is { } days
                    ? Client.RunAsync(new { asOf = "1998-07-01T00:00:00Z", windowDays = days })
                    : Client.RunAsync(new { asOf = "1998-07-01T00:00:00Z" });
                _runs[key] = run;
            }

            return run;
        }
    }

    public Task<T> ScalarAsync<T>(string sql) => _api.ScalarAsync<T>(sql);

    public Task ExecuteAsync(string sql) => _api.ExecuteAsync(sql);

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

public sealed class RfmCdnowTests(RfmCdnowFixture data, ITestOutputHelper output) : IClassFixture<RfmCdnowFixture>
{
    private readonly HttpClient _client = data.Client;

    public sealed record Purchase(int Customer, DateTimeOffset Date, decimal Amount);

    /// <summary>Reads <see cref="RfmCdnowData.Text"/>: per line a customer id, then date/amount pairs.</summary>
    public static List<Purchase> Parse(string text)
    {
        var purchases = new List<Purchase>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var customer = int.Parse(fields[0], CultureInfo.InvariantCulture);
            for (var i = 1; i < fields.Length; i += 2)
            {
                purchases.Add(new Purchase(customer, Date(fields[i]), decimal.Parse(fields[i + 1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)));
            }
        }

        return purchases;
    }

    private static DateTimeOffset Date(string yyyymmdd) =>
        new(DateTime.ParseExact(yyyymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary>The original file, when the shared data folder is next to (or above) the repository.</summary>
    private static string? FindOriginal()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "cdnow", "CDNOW_sample.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [Fact]
    public void The_embedded_data_is_the_cdnow_sample()
    {
        var purchases = Parse(RfmCdnowData.Text);

        Assert.Equal(RfmCdnowData.Purchases, purchases.Count);
        Assert.Equal(RfmCdnowData.Customers, purchases.Select(p => p.Customer).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, RfmCdnowData.Customers), purchases.Select(p => p.Customer).Distinct().Order());
        Assert.Equal(244_091.94m, purchases.Sum(p => p.Amount));
        Assert.Equal(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), purchases.Min(p => p.Date));
        Assert.Equal(new DateTimeOffset(1998, 6, 30, 0, 0, 0, TimeSpan.Zero), purchases.Max(p => p.Date));

        if (FindOriginal() is { } path)
        {
            var original = File.ReadAllLines(path)
                .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length == 5)
                .Select(f => new Purchase(int.Parse(f[1], CultureInfo.InvariantCulture), Date(f[2]), decimal.Parse(f[4], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)))
                .ToList();
            Assert.Equal(original.OrderBy(p => p.Customer).ThenBy(p => p.Date).ThenBy(p => p.Amount), purchases.OrderBy(p => p.Customer).ThenBy(p => p.Date).ThenBy(p => p.Amount));
        }
    }

    [Fact]
    public async Task Loading_the_sample_through_the_api_stores_every_customer_and_order()
    {
        output.WriteLine($"Loaded {RfmCdnowData.Customers} customers and {RfmCdnowData.Purchases} orders in {data.LoadTime.TotalSeconds:F1} s");

        Assert.Equal(RfmCdnowData.Customers, data.CustomerIds.Count);
        Assert.Equal(RfmCdnowData.Purchases, await data.ScalarAsync<int>("SELECT count(*)::int FROM orders WHERE status = 'completed'"));
        Assert.Equal(244_091.94m, await data.ScalarAsync<decimal>("SELECT sum(amount) FROM orders"));
    }

    [Fact]
    public async Task Runs_over_the_sample_are_aggregated_in_slices()
    {
        // What RfmEngine reads to slice its aggregate: the parallel workers and the histogram.
        var workers = await data.ScalarAsync<int>("SELECT current_setting('max_parallel_workers_per_gather')::int");
        var histogram = (await data.ScalarAsync<string>(
                "SELECT coalesce(histogram_bounds::text, '{}') FROM pg_stats WHERE tablename = 'orders' AND attname = 'customer_id'"))
            .Trim('{', '}').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

        Assert.True(workers >= 2, $"max_parallel_workers_per_gather is {workers}: runs would not be sliced");
        Assert.Equal(workers - 1, Infrastructure.Segmentation.RfmSlices.Splits(histogram, workers).Count);
    }

    [Fact]
    public async Task Every_customer_scored_over_all_history_matches_the_reference_exactly()
    {
        var expected = RfmReference.Compute(data.Orders, RfmCdnowFixture.AsOf);
        var run = await data.RunAsync(null);
        output.WriteLine($"run took {run["durationMs"]} ms; breakpoints {run["breakpoints"]!.ToJsonString()}");

        Assert.Equal(RfmCdnowFixture.AsOf, RfmApi.ParseTime(run["asOf"]));
        Assert.Null(run["windowDays"]);
        Assert.Equal("quantile", run["policy"]!.GetValue<string>());
        Assert.Null(run["error"]);
        Assert.True(run["durationMs"]!.GetValue<double>() >= 0);
        Assert.True(RfmApi.ParseTime(run["startedAt"]) <= RfmApi.ParseTime(run["finishedAt"]));
        Assert.Equal(
            RfmReference.DefaultCells,
            run["segmentMap"]!.AsArray().Select(c => (c!["r"]!.GetValue<int>(), c["f"]!.GetValue<int>(), c["segment"]!.GetValue<string>())).ToList());
        // Every CDNOW customer bought before 1998-07-01.
        Assert.Equal(RfmCdnowData.Customers, expected.Scores.Count);

        await _client.AssertRunMatchesAsync(expected, run);
    }

    [Fact]
    public async Task A_180_day_window_scores_only_the_recent_buyers_exactly_as_the_reference()
    {
        var expected = RfmReference.Compute(data.Orders, RfmCdnowFixture.AsOf, windowDays: 180);
        var run = await data.RunAsync(180);

        Assert.Equal(180, run["windowDays"]!.GetValue<int>());
        Assert.InRange(expected.Scores.Count, 1, RfmCdnowData.Customers - 1);
        await _client.AssertRunMatchesAsync(expected, run);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(180)]
    public async Task The_segment_summary_adds_up_and_its_averages_are_those_of_the_reference(int? windowDays)
    {
        var expected = RfmReference.Compute(data.Orders, RfmCdnowFixture.AsOf, windowDays);
        var run = await data.RunAsync(windowDays);
        var summary = await _client.SegmentsAsync(RfmApi.IdOf(run));
        var segments = summary["segments"]!.AsArray().Select(s => s!.AsObject()).ToList();

        Assert.Equal(RfmCdnowFixture.AsOf, RfmApi.ParseTime(summary["asOf"]));
        Assert.Equal(RfmReference.DefaultSegments.Order(StringComparer.Ordinal), segments.Select(s => s["segment"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Scores.Count, segments.Sum(s => s["customers"]!.GetValue<int>()));
        Assert.Equal(1.0, segments.Sum(s => s["share"]!.GetValue<double>()), 1e-9);
        Assert.Equal(1.0, segments.Sum(s => s["revenueShare"]!.GetValue<double>()), 1e-9);
        var totalRevenue = expected.Scores.Values.Sum(s => s.Monetary);
        foreach (var segment in segments)
        {
            var key = segment["segment"]!.GetValue<string>();
            var members = expected.Scores.Values.Where(s => s.Segment == key).ToList();
            Assert.Equal((double)members.Count / expected.Scores.Count, segment["share"]!.GetValue<double>(), 1e-12);
            Assert.Equal((double)(members.Sum(m => m.Monetary) / totalRevenue), segment["revenueShare"]!.GetValue<double>(), 1e-12);
            if (members.Count == 0)
            {
                Assert.Equal(0m, segment["revenue"]!.GetValue<decimal>());
                continue;
            }

            Assert.Equal(members.Average(m => m.RecencyDays), segment["avgRecencyDays"]!.GetValue<double>(), 1e-9);
            Assert.Equal(members.Average(m => m.Frequency), segment["avgFrequency"]!.GetValue<double>(), 1e-9);
            Assert.True(
                Math.Abs(members.Average(m => m.Monetary) - segment["avgMonetary"]!.GetValue<decimal>()) <= 0.005m,
                $"{key}: avgMonetary {segment["avgMonetary"]} vs {members.Average(m => m.Monetary)}");
        }

        // Largest segment first.
        var counts = segments.Select(s => s["customers"]!.GetValue<int>()).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
    }

    [Fact]
    public async Task Migrations_from_the_full_history_run_to_the_window_run_match_the_reference()
    {
        var before = RfmReference.Compute(data.Orders, RfmCdnowFixture.AsOf);
        var after = RfmReference.Compute(data.Orders, RfmCdnowFixture.AsOf, windowDays: 180);
        var from = RfmApi.IdOf(await data.RunAsync(null));
        var to = RfmApi.IdOf(await data.RunAsync(180));

        var expected = before.Scores.Keys.Union(after.Scores.Keys)
            .GroupBy(id => (From: before.Scores.GetValueOrDefault(id)?.Segment, To: after.Scores.GetValueOrDefault(id)?.Segment))
            .ToDictionary(g => $"{g.Key.From ?? "null"} -> {g.Key.To ?? "null"}", g => g.Count(), StringComparer.Ordinal);
        var migrations = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/migrations?fromRunId={from}&toRunId={to}"))!;

        Assert.Equal(from, migrations["fromRunId"]!.GetValue<Guid>());
        Assert.Equal(to, migrations["toRunId"]!.GetValue<Guid>());
        var actual = migrations["cells"]!.AsArray().ToDictionary(
            c => $"{c!["from"]?.GetValue<string>() ?? "null"} -> {c["to"]?.GetValue<string>() ?? "null"}",
            c => c!["customers"]!.GetValue<int>(),
            StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Contains(expected.Keys, k => k.EndsWith("-> null", StringComparison.Ordinal));
    }
}
