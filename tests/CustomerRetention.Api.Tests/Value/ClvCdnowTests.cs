using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Domain.Value;
using Xunit.Abstractions;

namespace CustomerRetention.Api.Tests.Value;

/// <summary>
/// The CDNOW sample loaded through the HTTP API once (see <see cref="RfmCdnowFixture"/>) and one CLV
/// model fitted with calibration end 1997-09-30 (the published 39-week calibration period).
/// </summary>
public sealed class ClvCdnowFixture : IAsyncLifetime
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    public RfmCdnowFixture Data { get; } = new();

    public JsonObject Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Data.InitializeAsync();
        Model = await Data.Client.FitAsync(new { calibrationEnd = "1997-09-30" });
    }

    public async Task DisposeAsync() => await Data.DisposeAsync();
}

public sealed class ClvCdnowTests(ClvCdnowFixture fixture, ITestOutputHelper output) : IClassFixture<ClvCdnowFixture>
{
    private readonly HttpClient _client = fixture.Data.Client;

    private JsonObject Model => fixture.Model;

    private Guid ModelId => Model["id"]!.GetValue<Guid>();

    private BgNbdParameters BgNbdParameters
    {
        get
        {
            var p = Model["bgnbd"]!;
            return new(p["r"]!.GetValue<double>(), p["alpha"]!.GetValue<double>(), p["a"]!.GetValue<double>(), p["b"]!.GetValue<double>());
        }
    }

    private GammaGammaParameters GammaGammaParameters
    {
        get
        {
            var p = Model["gammaGamma"]!;
            return new(p["p"]!.GetValue<double>(), p["q"]!.GetValue<double>(), p["v"]!.GetValue<double>());
        }
    }

    /// <summary>Each customer's calibration history computed here from the orders the test sent: one purchase per distinct UTC day.</summary>
    private Dictionary<Guid, (CustomerSummary Summary, double? MeanSpend)> ExpectedSummaries()
    {
        var end = ClvCdnowFixture.CalibrationEnd.ToDateTime(TimeOnly.MinValue);
        return fixture.Data.Orders
            .Where(o => o.Completed && o.OrderedAt.UtcDateTime.Date <= end)
            .GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g =>
            {
                var days = g.GroupBy(o => o.OrderedAt.UtcDateTime.Date).Select(d => (Day: d.Key, Spend: d.Sum(o => o.Amount))).OrderBy(d => d.Day).ToList();
                var x = days.Count - 1;
                var summary = new CustomerSummary(x, (days[^1].Day - days[0].Day).TotalDays, (end - days[0].Day).TotalDays);
                double? mean = x == 0 ? null : (double)days.Skip(1).Average(d => d.Spend);
                return (summary, mean);
            });
    }

    private static void AssertWithin(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: expected {expected} ± {relative:P1}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");

    [Fact]
    public void The_fit_reproduces_the_published_cdnow_estimates_with_time_in_days()
    {
        output.WriteLine(Model.ToJsonString());
        Assert.Equal("succeeded", Model["status"]!.GetValue<string>());
        Assert.Null(Model["error"]);
        Assert.Equal("1997-09-30", Model["calibrationEnd"]!.GetValue<string>());
        Assert.Equal(365, Model["horizonDays"]!.GetValue<int>());
        Assert.Equal(0.01, Model["monthlyDiscountRate"]!.GetValue<double>());
        Assert.Equal(RfmCdnowData.Customers, Model["customers"]!.GetValue<int>());

        var bgnbd = BgNbdParameters;
        AssertWithin(0.2426, bgnbd.R, 0.01, "r");
        AssertWithin(30.89, bgnbd.Alpha, 0.01, "alpha per day");
        AssertWithin(0.7929, bgnbd.A, 0.01, "a");
        AssertWithin(2.4258, bgnbd.B, 0.01, "b");
        Assert.True(Model["bgnbd"]!["logLikelihood"]!.GetValue<double>() < 0);

        var gammaGamma = GammaGammaParameters;
        AssertWithin(6.2488, gammaGamma.P, 0.01, "p");
        AssertWithin(3.7446, gammaGamma.Q, 0.01, "q");
        AssertWithin(15.4477, gammaGamma.V, 0.01, "v");
        Assert.True(Model["gammaGamma"]!["logLikelihood"]!.GetValue<double>() < 0);

        Assert.True(RfmApi.ParseTime(Model["startedAt"]) <= RfmApi.ParseTime(Model["finishedAt"]));
    }

    [Fact]
    public async Task Every_customer_prediction_equals_the_domain_model_on_the_customer_own_summary()
    {
        var expected = ExpectedSummaries();
        var actual = await _client.AllCustomersAsync(ModelId, null);
        Assert.Equal(expected.Count, actual.Count);
        var bgnbd = BgNbdParameters;
        var gammaGamma = GammaGammaParameters;
        foreach (var customer in actual)
        {
            var (summary, mean) = expected[customer.CustomerId];
            Assert.Equal((summary.X, summary.Tx, summary.T), (customer.Frequency, customer.RecencyDays, customer.AgeDays));
            var pAlive = BgNbd.ProbabilityAlive(bgnbd, summary);
            var purchases = BgNbd.ConditionalExpectedPurchases(bgnbd, summary, 365);
            var spend = mean is { } m ? GammaGamma.ExpectedAverageSpend(gammaGamma, summary.X, m) : GammaGamma.PopulationMeanSpend(gammaGamma);
            var clv = ClvForecast.DiscountedValue(bgnbd, summary, spend, 365, 0.01);
            AssertWithin(pAlive, customer.PAlive, 1e-9, $"P(alive) of {customer.CustomerId}");
            AssertWithin(purchases, customer.ExpectedPurchases, 1e-9, $"E[Y] of {customer.CustomerId}");
            Assert.True(Math.Abs((decimal)spend - customer.ExpectedAverageOrderValue) <= 0.006m, $"E[M] of {customer.CustomerId}: {spend} vs {customer.ExpectedAverageOrderValue}");
            Assert.True(Math.Abs((decimal)clv - customer.Clv) <= 0.006m, $"CLV of {customer.CustomerId}: {clv} vs {customer.Clv}");
            Assert.True(customer.Clv >= 0);
            Assert.Equal(customer.PAlive < 0.3 ? "high" : customer.PAlive < 0.7 ? "medium" : "low", customer.ChurnRisk);
        }

        // Customers with one purchase day: P(alive) is exactly 1 (BG/NBD drops out only after a repeat purchase).
        var once = actual.Where(c => c.Frequency == 0).ToList();
        Assert.NotEmpty(once);
        Assert.All(once, c => Assert.Equal((1.0, "low"), (c.PAlive, c.ChurnRisk)));
        Assert.Contains(actual, c => c.ChurnRisk == "high");
    }

    [Theory]
    [InlineData(null, 200)]
    [InlineData("-clv", 37)]
    [InlineData("pAlive", 200)]
    [InlineData("-pAlive", 113)]
    public async Task The_customers_come_in_the_requested_order_on_keyset_pages(string? sort, int limit)
    {
        var all = await _client.AllCustomersAsync(ModelId, sort, limit);
        Assert.Equal(RfmCdnowData.Customers, all.Count);
        for (var i = 1; i < all.Count; i++)
        {
            var (before, after) = (all[i - 1], all[i]);
            var ordered = sort switch
            {
                "pAlive" => before.PAlive < after.PAlive || (before.PAlive == after.PAlive && before.CustomerId.CompareTo(after.CustomerId) < 0),
                "-pAlive" => before.PAlive > after.PAlive || (before.PAlive == after.PAlive && before.CustomerId.CompareTo(after.CustomerId) > 0),
                _ => before.Clv > after.Clv || (before.Clv == after.Clv && before.CustomerId.CompareTo(after.CustomerId) < 0),
            };
            Assert.True(ordered, $"{sort}: {before} before {after} at {i}");
        }
    }

    [Fact]
    public async Task A_cursor_is_bound_to_its_model_and_sort()
    {
        var page = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/clv/models/{ModelId}/customers?limit=5&sort=pAlive"))!;
        var cursor = Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>());
        using var response = await _client.GetAsync($"/api/v1/clv/models/{ModelId}/customers?limit=5&sort=-clv&cursor={cursor}");
        var problem = await Support.Requests.AssertProblemAsync(response, 400);
        Assert.Contains("cursor", Support.Requests.ErrorKeys(problem));
        using var malformed = await _client.GetAsync($"/api/v1/clv/models/{ModelId}/customers?cursor=abc");
        Assert.Contains("cursor", Support.Requests.ErrorKeys(await Support.Requests.AssertProblemAsync(malformed, 400)));
    }

    [Fact]
    public async Task A_customer_value_carries_the_prediction_of_the_latest_succeeded_model()
    {
        var customers = await _client.AllCustomersAsync(ModelId, "-clv");
        foreach (var customer in new[] { customers[0], customers[^1], customers.First(c => c.Frequency == 0) })
        {
            var value = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer.CustomerId}/value"))!;
            var predicted = value["predicted"]!;
            Assert.Equal(ModelId, predicted["modelId"]!.GetValue<Guid>());
            Assert.Equal(customer.PAlive, predicted["pAlive"]!.GetValue<double>());
            Assert.Equal(customer.ExpectedPurchases, predicted["expectedPurchases"]!.GetValue<double>());
            Assert.Equal(customer.ExpectedAverageOrderValue, predicted["expectedAverageOrderValue"]!.GetValue<decimal>());
            Assert.Equal(customer.Clv, predicted["clv"]!.GetValue<decimal>());
            Assert.Equal(customer.ChurnRisk, predicted["churnRisk"]!.GetValue<string>());
        }
    }
}
