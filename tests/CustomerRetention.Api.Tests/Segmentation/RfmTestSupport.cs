using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>One item of GET /api/v1/rfm/segments/{segment}/customers.</summary>
public sealed record RfmSegmentCustomer(Guid CustomerId, string Name, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

/// <summary>HTTP helpers of the RFM tests: customers and orders in, runs started and awaited, results read back.</summary>
public static class RfmApi
{
    /// <summary>RFC 3339 UTC with microseconds, the precision the API stores.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    public static async Task<Guid> NewCustomerAsync(this HttpClient client, string name)
    {
        var customer = await client.CreateCustomerAsync(new { type = "individual", name });
        return customer["id"]!.GetValue<Guid>();
    }

    /// <summary>Records an order (status completed unless given) and returns its id.</summary>
    public static async Task<Guid> AddOrderAsync(this HttpClient client, Guid customerId, DateTimeOffset orderedAt, decimal amount, string? status = null)
    {
        var body = status is null
            ? (object)new { orderedAt = Utc(orderedAt), amount }
            : new { orderedAt = Utc(orderedAt), amount, status };
        using var response = await client.PostAsync($"/api/v1/customers/{customerId}/orders", Requests.Json(body));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"order failed: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!["id"]!.GetValue<Guid>();
    }

    public static async Task ArchiveAsync(this HttpClient client, Guid customerId)
    {
        using var response = await client.DeleteAsync($"/api/v1/customers/{customerId}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static async Task ChangeOrderStatusAsync(this HttpClient client, Guid orderId, string status)
    {
        using var response = await client.PatchAsync($"/api/v1/orders/{orderId}", new { status });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POST /api/v1/rfm/runs: asserts 202 with a Location naming the run and returns the queued run.</summary>
    public static async Task<JsonObject> StartRunAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsync("/api/v1/rfm/runs", Requests.Json(body));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"run not accepted: {(int)response.StatusCode} {json}");
        var run = JsonNode.Parse(json)!.AsObject();
        Assert.Equal($"/api/v1/rfm/runs/{run["id"]!.GetValue<Guid>()}", response.Headers.Location!.OriginalString);
        return run;
    }

    /// <summary>Polls GET /api/v1/rfm/runs/{id} until the run is succeeded or failed.</summary>
    public static async Task<JsonObject> WaitForRunAsync(this HttpClient client, Guid runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/runs/{runId}"))!;
            var status = run["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run still {status}: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Starts a run, waits for it and asserts it succeeded.</summary>
    public static async Task<JsonObject> RunAsync(this HttpClient client, object body)
    {
        var queued = await client.StartRunAsync(body);
        var run = await client.WaitForRunAsync(queued["id"]!.GetValue<Guid>());
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        return run;
    }

    public static Guid IdOf(JsonObject resource) => resource["id"]!.GetValue<Guid>();

    public static async Task<JsonObject> SegmentsAsync(this HttpClient client, Guid runId) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/segments?runId={runId}"))!;

    /// <summary>
    /// Every customer of one segment of a run, paging with <paramref name="limit"/>; asserts that the
    /// pages are ordered by monetary descending and hold no customer twice.
    /// </summary>
    public static async Task<List<RfmSegmentCustomer>> SegmentCustomersAsync(this HttpClient client, Guid runId, string segment, int limit = 200)
    {
        var all = new List<RfmSegmentCustomer>();
        string? cursor = null;
        do
        {
            var uri = $"/api/v1/rfm/segments/{segment}/customers?runId={runId}&limit={limit}"
                + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await client.GetAsync(uri);
            var json = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {json}");
            var page = JsonNode.Parse(json)!.AsObject();
            var items = page["items"]!.Deserialize<List<RfmSegmentCustomer>>(Requests.JsonOptions)!;
            Assert.True(items.Count <= limit);
            all.AddRange(items);
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is not null)
            {
                Assert.Equal(limit, items.Count);
            }
        }
        while (cursor is not null);

        Assert.Equal(all.Count, all.Select(c => c.CustomerId).Distinct().Count());
        for (var i = 1; i < all.Count; i++)
        {
            Assert.True(all[i - 1].Monetary >= all[i].Monetary, $"{segment}: {all[i - 1].Monetary} before {all[i].Monetary} at {i}");
        }

        Assert.All(all, c => Assert.Equal(segment, c.Segment));
        return all;
    }

    /// <summary>Every scored customer of a run, read segment by segment through the API.</summary>
    public static async Task<Dictionary<Guid, RfmSegmentCustomer>> AllResultsAsync(this HttpClient client, Guid runId, int limit = 200)
    {
        var summary = await client.SegmentsAsync(runId);
        var results = new Dictionary<Guid, RfmSegmentCustomer>();
        foreach (var segment in summary["segments"]!.AsArray().Select(s => s!["segment"]!.GetValue<string>()))
        {
            foreach (var customer in await client.SegmentCustomersAsync(runId, segment, limit))
            {
                Assert.True(results.TryAdd(customer.CustomerId, customer), $"{customer.CustomerId} is in two segments");
            }
        }

        return results;
    }

    public static double[] Doubles(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    /// <summary>Equal within a relative 1e-9 (absolute near zero).</summary>
    public static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i].ToString("R", CultureInfo.InvariantCulture)}, got {actual[i].ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    public static void AssertBreakpoints(RfmReferenceBreakpoints expected, JsonObject run)
    {
        var actual = run["breakpoints"]!.AsObject();
        AssertClose(expected.RecencyDays, Doubles(actual["recencyDays"]), "recencyDays breakpoints");
        AssertClose(expected.Frequency, Doubles(actual["frequency"]), "frequency breakpoints");
        AssertClose(expected.Monetary, Doubles(actual["monetary"]), "monetary breakpoints");
    }

    /// <summary>
    /// Asserts that a run's breakpoints, scored count, every customer's measures, scores and segment
    /// and the per-segment counts are exactly the reference's; lists the first differences.
    /// </summary>
    /// <param name="client">The API.</param>
    /// <param name="expected">The reference's result.</param>
    /// <param name="run">The succeeded run.</param>
    /// <param name="limit">The page size used to read the segments' customers.</param>
    /// <param name="archivedSince">
    /// Customers archived after the run: they stay in its counts but, like every archived customer,
    /// no longer appear in customer lists.
    /// </param>
    public static async Task AssertRunMatchesAsync(this HttpClient client, RfmExpectedRun expected, JsonObject run, int limit = 200, IReadOnlyCollection<Guid>? archivedSince = null)
    {
        var runId = IdOf(run);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(expected.Scores.Count, run["scoredCustomers"]!.GetValue<int>());
        if (expected.Breakpoints is { } breakpoints)
        {
            AssertBreakpoints(breakpoints, run);
        }

        var actual = await client.AllResultsAsync(runId, limit);
        var differences = new StringBuilder();
        var count = 0;
        void Note(string text)
        {
            if (count++ < 25)
            {
                differences.AppendLine(text);
            }
        }

        foreach (var (id, want) in expected.Scores.Where(s => archivedSince?.Contains(s.Key) != true))
        {
            if (!actual.TryGetValue(id, out var got))
            {
                Note($"{id}: missing, expected {want}");
                continue;
            }

            if ((got.RecencyDays, got.Frequency, got.Monetary, got.R, got.F, got.M, got.Segment)
                != (want.RecencyDays, want.Frequency, want.Monetary, want.R, want.F, want.M, want.Segment))
            {
                Note($"{id}: expected {want}, got {got}");
            }
        }

        foreach (var id in actual.Keys.Where(id => !expected.Scores.ContainsKey(id)))
        {
            Note($"{id}: scored but should not be: {actual[id]}");
        }

        Assert.True(count == 0, $"{count} differences from the reference:{Environment.NewLine}{differences}");

        var summary = await client.SegmentsAsync(runId);
        Assert.Equal(runId, summary["runId"]!.GetValue<Guid>());
        Assert.Equal(expected.Scores.Count, summary["scoredCustomers"]!.GetValue<int>());
        foreach (var segment in summary["segments"]!.AsArray().Select(s => s!.AsObject()))
        {
            var key = segment["segment"]!.GetValue<string>();
            Assert.True(expected.CustomersIn(key) == segment["customers"]!.GetValue<int>(), $"customers of {key}");
            Assert.True(expected.RevenueOf(key) == segment["revenue"]!.GetValue<decimal>(), $"revenue of {key}");
        }

        var listed = summary["segments"]!.AsArray().Select(s => s!["segment"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        Assert.All(expected.Scores.Values.Select(s => s.Segment).Distinct(), s => Assert.Contains(s, listed));
    }

    /// <summary>The customer ids of a customer-list filter, all pages.</summary>
    public static async Task<List<Guid>> ListCustomerIdsAsync(this HttpClient client, string query)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var uri = $"/api/v1/customers?{query}&limit=200" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await client.GetFromJsonAsync<JsonObject>(uri))!;
            ids.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return ids;
    }

    /// <summary>Asserts an rfm projection (customer resource or /rfm current/history entry) against the reference.</summary>
    public static void AssertScore(RfmExpectedScore expected, Guid runId, DateTimeOffset asOf, JsonNode? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(runId, actual["runId"]!.GetValue<Guid>());
        Assert.Equal(asOf, ParseTime(actual["asOf"]));
        Assert.Equal(
            (expected.RecencyDays, expected.Frequency, expected.Monetary, expected.R, expected.F, expected.M, expected.Segment),
            (actual["recencyDays"]!.GetValue<int>(), actual["frequency"]!.GetValue<int>(), actual["monetary"]!.GetValue<decimal>(),
             actual["r"]!.GetValue<int>(), actual["f"]!.GetValue<int>(), actual["m"]!.GetValue<int>(), actual["segment"]!.GetValue<string>()));
    }
}

/// <summary>
/// Customers and orders a test creates through the API, remembered as the reference's input:
/// the test's database holds exactly these (one <see cref="ApiFactory"/> per scenario class).
/// </summary>
public sealed class RfmScenario(HttpClient client)
{
    private readonly Dictionary<Guid, RfmOrder> _orders = [];

    public IReadOnlyList<RfmOrder> Orders => _orders.Values.ToList();

    /// <summary>A new customer with the given completed orders.</summary>
    public async Task<Guid> CustomerAsync(string name, params (DateTimeOffset At, decimal Amount)[] completedOrders)
    {
        var id = await client.NewCustomerAsync(name);
        foreach (var (at, amount) in completedOrders)
        {
            await OrderAsync(id, at, amount);
        }

        return id;
    }

    /// <summary>Records an order with the given status; only completed ones count in the reference.</summary>
    public async Task<Guid> OrderAsync(Guid customerId, DateTimeOffset at, decimal amount, string status = "completed")
    {
        var id = await client.AddOrderAsync(customerId, at, amount, status == "completed" ? null : status);
        _orders[id] = new RfmOrder(customerId, at, amount, status == "completed");
        return id;
    }

    /// <summary>Archives a customer: its orders leave the reference's input.</summary>
    public async Task ArchiveAsync(Guid customerId)
    {
        await client.ArchiveAsync(customerId);
        foreach (var order in _orders.Where(o => o.Value.CustomerId == customerId).Select(o => o.Key).ToList())
        {
            _orders.Remove(order);
        }
    }

    /// <summary>Cancels or refunds an order through the API and in the reference's input.</summary>
    public async Task ChangeStatusAsync(Guid orderId, string status)
    {
        await client.ChangeOrderStatusAsync(orderId, status);
        _orders[orderId] = _orders[orderId] with { Completed = false };
    }
}
