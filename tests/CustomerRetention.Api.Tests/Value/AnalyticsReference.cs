using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Value;

/// <summary>
/// An in-test reference for SPEC §8.1: it records the histories the tests send through the API
/// (including the automatic first-purchase and win-back transitions) and recomputes every metric
/// by replaying them with plain loops, independently of the SQL under test.
/// </summary>
public sealed class AnalyticsReference
{
    public static readonly string[] Funnel = ["awareness", "interest", "decision", "retention", "expansion", "contraction", "churned"];

    private static readonly string[] ActiveStages = ["retention", "expansion", "contraction"];
    private static readonly string[] BuyingStages = ["awareness", "interest", "decision", "churned"];

    public sealed record Transition(DateTimeOffset At, string Stage);

    public sealed record Order(DateTimeOffset At, decimal Amount, string Status);

    public sealed class Customer
    {
        public List<Transition> Transitions { get; } = [];

        public List<Order> Orders { get; } = [];

        public bool Archived { get; set; }

        public IEnumerable<Order> Completed => Orders.Where(o => o.Status == "completed");

        /// <summary>The stage at <paramref name="at"/>: the last transition at or before it (or strictly before).</summary>
        public string? StageAt(DateTimeOffset at, bool inclusive) =>
            Transitions.LastOrDefault(t => inclusive ? t.At <= at : t.At < at)?.Stage;
    }

    public sealed record Summary(
        int ActiveAtStart,
        int ActiveAtEnd,
        int NewCustomers,
        int Churned,
        double? ChurnRate,
        double? RetentionRate,
        double? RepeatPurchaseRate,
        int Orders,
        decimal Revenue,
        decimal? AverageOrderValue);

    public List<Customer> Customers { get; } = [];

    private IEnumerable<Customer> Live => Customers.Where(c => !c.Archived);

    public static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool IsActive(string? stage) => stage is not null && ActiveStages.Contains(stage);

    public Summary SummaryOf(DateTimeOffset from, DateTimeOffset to)
    {
        bool In(DateTimeOffset at) => at >= from && at < to;
        var live = Live.ToList();
        var activeAtStart = live.Count(c => IsActive(c.StageAt(from, inclusive: true)));
        var activeAtEnd = live.Count(c => IsActive(c.StageAt(to, inclusive: false)));
        var becameActive = live.Count(c => c.Transitions.FirstOrDefault(t => IsActive(t.Stage)) is { } first && In(first.At));
        var churned = live.Count(c => c.Transitions.Any(t => t.Stage == "churned" && In(t.At)));
        var newCustomers = live.Count(c => c.Completed.Any() && In(c.Completed.Min(o => o.At)));
        var perCustomer = live.Select(c => c.Completed.Count(o => In(o.At))).Where(n => n > 0).ToList();
        var orders = live.SelectMany(c => c.Completed).Where(o => In(o.At)).ToList();
        var revenue = orders.Sum(o => o.Amount);
        return new Summary(
            activeAtStart,
            activeAtEnd,
            newCustomers,
            churned,
            activeAtStart == 0 ? null : churned * 100.0 / activeAtStart,
            activeAtStart == 0 ? null : (activeAtEnd - becameActive) * 100.0 / activeAtStart,
            perCustomer.Count == 0 ? null : perCustomer.Count(n => n >= 2) * 100.0 / perCustomer.Count,
            orders.Count,
            revenue,
            orders.Count == 0 ? null : Math.Round(revenue / orders.Count, 2));
    }

    /// <summary>The value of a series metric over one period.</summary>
    public double? MetricOf(string metric, DateTimeOffset start, DateTimeOffset end)
    {
        var s = SummaryOf(start, end);
        return metric switch
        {
            "activeCustomers" => s.ActiveAtStart,
            "newCustomers" => s.NewCustomers,
            "churnedCustomers" => s.Churned,
            "churnRate" => s.ChurnRate,
            "retentionRate" => s.RetentionRate,
            "repeatPurchaseRate" => s.RepeatPurchaseRate,
            "orders" => s.Orders,
            "revenue" => (double)s.Revenue,
            "averageOrderValue" => (double?)s.AverageOrderValue,
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
    }

    /// <summary>UTC periods of the interval, from the one containing from to the last one starting before to.</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Periods(string interval, DateTimeOffset from, DateTimeOffset to)
    {
        var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
        var start = interval switch
        {
            "day" => day,
            "week" => day.AddDays(from.UtcDateTime.DayOfWeek == DayOfWeek.Sunday ? -6 : 1 - (int)from.UtcDateTime.DayOfWeek),
            _ => new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
        Func<DateTimeOffset, DateTimeOffset> next = interval switch
        {
            "day" => d => d.AddDays(1),
            "week" => d => d.AddDays(7),
            _ => d => d.AddMonths(1),
        };
        var periods = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var p = start; p < to; p = next(p))
        {
            periods.Add((p, next(p)));
        }

        return periods;
    }

    /// <summary>Cohorts by month of first completed order: (YYYY-MM, size, shares per month up to the last month starting before to).</summary>
    public List<(string Cohort, int Size, List<double> Retention)> CohortsOf(DateTimeOffset from, DateTimeOffset to)
    {
        static DateTimeOffset Month(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var firstMonth = Month(from);
        return Live.Where(c => c.Completed.Any())
            .GroupBy(c => Month(c.Completed.Min(o => o.At)))
            .Where(g => g.Key >= firstMonth && g.Key < to)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var members = g.ToList();
                var shares = new List<double>();
                for (var m = g.Key; m < to; m = m.AddMonths(1))
                {
                    var month = m;
                    shares.Add((double)members.Count(c => c.Completed.Any(o => Month(o.At) == month)) / members.Count);
                }

                return (g.Key.ToString("yyyy-MM", CultureInfo.InvariantCulture), members.Count, shares);
            })
            .ToList();
    }

    /// <summary>Per stage: entered, reached shares of later stages, median days of completed stays.</summary>
    public List<(string Stage, int Entered, Dictionary<string, double?> Reached, double? Median)> FunnelOf()
    {
        var live = Live.ToList();
        return Funnel.Select((stage, index) =>
        {
            var entered = live.Where(c => c.Transitions.Any(t => t.Stage == stage)).ToList();
            var reached = new Dictionary<string, double?>();
            foreach (var later in Funnel.Skip(index + 1))
            {
                var count = entered.Count(c =>
                {
                    var first = c.Transitions.FindIndex(t => t.Stage == stage);
                    return c.Transitions.Skip(first + 1).Any(t => t.Stage == later);
                });
                reached[later] = entered.Count == 0 ? null : (double)count / entered.Count;
            }

            var stays = live
                .SelectMany(c => c.Transitions.Zip(c.Transitions.Skip(1), (a, b) => (a.Stage, Days: (b.At - a.At).TotalDays)))
                .Where(s => s.Stage == stage)
                .Select(s => s.Days)
                .Order()
                .ToList();
            double? median = stays.Count == 0 ? null
                : stays.Count % 2 == 1 ? stays[stays.Count / 2]
                : (stays[(stays.Count / 2) - 1] + stays[stays.Count / 2]) / 2;
            return (stage, entered.Count, reached, median);
        }).ToList();
    }
}

/// <summary>Builds histories through the API and records them in an <see cref="AnalyticsReference"/>.</summary>
public sealed class AnalyticsHistory(HttpClient client)
{
    private static readonly ConcurrentDictionary<ApiFactory, Lazy<Task<AnalyticsHistory>>> Shared = new();

    public AnalyticsReference Reference { get; } = new();

    /// <summary>The standard scenario of 2022–2024, built once per test database.</summary>
    public static Task<AnalyticsHistory> StandardAsync(ApiFactory api) =>
        Shared.GetOrAdd(api, a => new Lazy<Task<AnalyticsHistory>>(() => BuildStandardAsync(a.CreateClient()))).Value;

    private static async Task<AnalyticsHistory> BuildStandardAsync(HttpClient client)
    {
        var h = new AnalyticsHistory(client);

        // A: prospect → first purchase (automatic retention) → expansion → churned → win-back (automatic).
        var a = await h.CustomerAsync("awareness", "2023-01-10T09:00:00Z");
        await h.OrderAsync(a, "2023-02-05T10:00:00Z", 100m);
        await h.OrderAsync(a, "2023-02-20T10:00:00Z", 50m);
        await h.TransitionAsync(a, "expansion", "2023-04-01T08:00:00Z");
        await h.OrderAsync(a, "2023-04-15T12:00:00Z", 80m);
        await h.TransitionAsync(a, "churned", "2023-06-10T15:00:00Z");
        await h.OrderAsync(a, "2023-09-03T11:00:00Z", 120m);
        await h.OrderAsync(a, "2023-09-25T11:00:00Z", 30.5m);

        // B: active before everything, contracts and churns; a cancelled order does not count.
        var b = await h.CustomerAsync("retention", "2022-12-01T00:00:00Z");
        await h.OrderAsync(b, "2023-01-15T10:00:00Z", 200m);
        await h.TransitionAsync(b, "contraction", "2023-03-01T00:00:00Z");
        await h.OrderAsync(b, "2023-03-15T10:00:00Z", 60m, "cancelled");
        await h.TransitionAsync(b, "churned", "2023-05-01T09:30:00Z");

        // C: buys across the May/June boundary, a refunded order, contraction and back.
        var c = await h.CustomerAsync("interest", "2023-03-01T12:00:00Z");
        await h.TransitionAsync(c, "decision", "2023-03-20T12:00:00Z");
        await h.OrderAsync(c, "2023-05-31T23:59:59Z", 40m);
        await h.OrderAsync(c, "2023-06-01T00:00:00Z", 45m);
        await h.OrderAsync(c, "2023-07-10T10:00:00Z", 99m, "refunded");
        await h.TransitionAsync(c, "contraction", "2023-08-01T00:00:00Z");
        await h.TransitionAsync(c, "retention", "2023-10-01T00:00:00Z");
        await h.OrderAsync(c, "2023-10-05T10:00:00Z", 70m);

        // D: never buys; churns, comes back as a prospect.
        var d = await h.CustomerAsync("awareness", "2023-02-01T00:00:00Z");
        await h.TransitionAsync(d, "churned", "2023-02-15T00:00:00Z");
        await h.TransitionAsync(d, "awareness", "2023-07-01T00:00:00Z");
        await h.TransitionAsync(d, "interest", "2023-08-01T00:00:00Z");

        // E: becomes active exactly at 2023-06-01T00:00Z and buys three times in June.
        var e = await h.CustomerAsync("retention", "2023-06-01T00:00:00Z");
        await h.OrderAsync(e, "2023-06-01T00:00:00Z", 10m);
        await h.OrderAsync(e, "2023-06-02T00:00:00Z", 10m);
        await h.OrderAsync(e, "2023-06-03T00:00:00Z", 10.25m);

        // F: archived: excluded everywhere.
        var f = await h.CustomerAsync("retention", "2023-01-01T00:00:00Z");
        await h.OrderAsync(f, "2023-02-10T00:00:00Z", 500m);
        await h.OrderAsync(f, "2023-02-11T00:00:00Z", 500m);
        await h.TransitionAsync(f, "churned", "2023-04-01T00:00:00Z");
        await h.ArchiveAsync(f);

        // G: 2024 only.
        var g = await h.CustomerAsync("decision", "2024-01-10T00:00:00Z");
        await h.OrderAsync(g, "2024-01-20T00:00:00Z", 25m);
        await h.OrderAsync(g, "2024-02-05T00:00:00Z", 25m);
        await h.OrderAsync(g, "2024-04-02T00:00:00Z", 25m);
        await h.TransitionAsync(g, "churned", "2024-05-01T00:00:00Z");
        return h;
    }

    private readonly Dictionary<Guid, AnalyticsReference.Customer> _customers = [];

    public async Task<Guid> CustomerAsync(string stage, string enteredAt)
    {
        var json = await client.CreateCustomerAsync(new { type = "individual", name = "Analytics " + Guid.NewGuid().ToString("N")[..8], lifecycleStage = stage, stageEnteredAt = enteredAt });
        var id = json["id"]!.GetValue<Guid>();
        var customer = new AnalyticsReference.Customer();
        customer.Transitions.Add(new(AnalyticsReference.Utc(enteredAt), stage));
        _customers[id] = customer;
        Reference.Customers.Add(customer);
        return id;
    }

    public async Task TransitionAsync(Guid id, string stage, string occurredAt)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/customers/{id}/lifecycle/transitions", new { toStage = stage, reason = "analytics test", occurredAt });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        _customers[id].Transitions.Add(new(AnalyticsReference.Utc(occurredAt), stage));
    }

    public async Task OrderAsync(Guid id, string orderedAt, decimal amount, string status = "completed")
    {
        using var response = await client.PostAsync($"/api/v1/customers/{id}/orders", Requests.Json(new { orderedAt, amount, status }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var customer = _customers[id];
        var at = AnalyticsReference.Utc(orderedAt);
        customer.Orders.Add(new(at, amount, status));

        // SPEC §3: a completed order moves a prospect or a churned customer to retention, dated at the order.
        if (status == "completed" && customer.Transitions[^1].Stage is "awareness" or "interest" or "decision" or "churned")
        {
            customer.Transitions.Add(new(at, "retention"));
        }
    }

    public async Task ArchiveAsync(Guid id)
    {
        using var response = await client.DeleteAsync($"/api/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        _customers[id].Archived = true;
    }

    /// <summary>GET and parse an analytics resource, asserting 200.</summary>
    public static async Task<JsonObject> GetAsync(HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static void AssertClose(double? expected, JsonNode? actual, string what)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{what}: expected null, got {actual?.ToJsonString()}");
            return;
        }

        Assert.True(actual is not null, $"{what}: expected {expected}, got null");
        var value = actual.GetValue<double>();
        Assert.True(Math.Abs(expected.Value - value) < 1e-9, $"{what}: expected {expected}, got {value}");
    }
}
