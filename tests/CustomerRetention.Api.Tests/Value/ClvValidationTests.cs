using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Value;

/// <summary>Refused CLV requests and the models' lifecycle on small data sets; this class's database starts empty.</summary>
public sealed class ClvValidationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<int> ModelCountAsync() => api.ScalarAsync<int>("SELECT count(*)::int FROM clv_models");

    [Theory]
    [InlineData("""{}""", "calibrationEnd")]
    [InlineData("""{"horizonDays":365}""", "calibrationEnd")]
    [InlineData("""{"calibrationEnd":null}""", "calibrationEnd")]
    [InlineData("""{"calibrationEnd":"2999-01-01"}""", "calibrationEnd")]
    [InlineData("""{"calibrationEnd":"yesterday"}""", "calibrationEnd")]
    [InlineData("""{"calibrationEnd":"2020-02-30"}""", "calibrationEnd")]
    [InlineData("""{"calibrationEnd":"2020-01-01","horizonDays":0}""", "horizonDays")]
    [InlineData("""{"calibrationEnd":"2020-01-01","horizonDays":3651}""", "horizonDays")]
    [InlineData("""{"calibrationEnd":"2020-01-01","horizonDays":1.5}""", "horizonDays")]
    [InlineData("""{"calibrationEnd":"2020-01-01","monthlyDiscountRate":-0.1}""", "monthlyDiscountRate")]
    [InlineData("""{"calibrationEnd":"2020-01-01","monthlyDiscountRate":1}""", "monthlyDiscountRate")]
    [InlineData("""{"calibrationEnd":"2020-01-01","monthlyDiscountRate":"x"}""", "monthlyDiscountRate")]
    [InlineData("""{"calibrationEnd":"2020-01-01","horizon":365}""", "horizon")]
    public async Task An_invalid_model_request_is_a_400_naming_the_member_and_creates_no_model(string body, string member)
    {
        var before = await ModelCountAsync();
        using var response = await _client.PostAsync("/api/v1/clv/models", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await ModelCountAsync());
    }

    [Fact]
    public async Task An_unknown_model_is_a_404()
    {
        using var model = await _client.GetAsync($"/api/v1/clv/models/{Guid.CreateVersion7()}");
        await model.AssertProblemAsync(404);
        using var customers = await _client.GetAsync($"/api/v1/clv/models/{Guid.CreateVersion7()}/customers");
        await customers.AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_customers_of_a_model_that_did_not_succeed_are_a_409_with_a_code_and_the_model_status()
    {
        var id = Guid.CreateVersion7();
        await api.ScalarAsync<int>(
            $"""
            INSERT INTO clv_models (id, status, calibration_end, horizon_days, monthly_discount_rate, created_at, started_at, finished_at, error)
            VALUES ('{id}', 'failed', '2020-01-01', 365, 0.01, now(), now(), now(), 'test') RETURNING 1
            """);
        using var response = await _client.GetAsync($"/api/v1/clv/models/{id}/customers");
        var problem = await response.AssertProblemAsync(409);
        Assert.Equal("clv-model-not-succeeded", problem["code"]!.GetValue<string>());
        Assert.Equal("failed", problem["modelStatus"]!.GetValue<string>());
        Assert.Equal(id, problem["modelId"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("sort=clv", "sort")]
    [InlineData("sort=-pAlive&limit=0", "limit")]
    public async Task An_invalid_customers_query_is_a_400(string query, string member)
    {
        var id = Guid.CreateVersion7();
        using var response = await _client.GetAsync($"/api/v1/clv/models/{id}/customers?{query}");
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
    }

    /// <summary>
    /// Degenerate data end as failed models with a reason, never as a 500 or a model with predictions:
    /// no orders by the calibration end; everyone bought once; a single customer. Calibration ends and
    /// archiving choose what each model sees.
    /// </summary>
    [Fact]
    public async Task Degenerate_data_fail_the_model_with_a_clear_reason()
    {
        static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
        var onceA = await _client.NewCustomerAsync("Once A");
        await _client.AddOrderAsync(onceA, Day(2018, 1, 5), 20m);
        var onceB = await _client.NewCustomerAsync("Once B");
        await _client.AddOrderAsync(onceB, Day(2018, 2, 7), 35m);
        await _client.AddOrderAsync(onceB, Day(2018, 3, 7), 35m, "cancelled");
        var repeat = await _client.NewCustomerAsync("Repeat");
        await _client.AddOrderAsync(repeat, Day(2019, 1, 10), 30m);
        await _client.AddOrderAsync(repeat, Day(2019, 3, 1), 40m);

        var none = await _client.FitAsync(new { calibrationEnd = "2017-12-31" });
        AssertFailed(none, "No customer has a completed order on or before 2017-12-31");

        var everyoneOnce = await _client.FitAsync(new { calibrationEnd = "2018-12-31" });
        AssertFailed(everyoneOnce, "No customer made a repeat purchase");

        await _client.ArchiveAsync(onceA);
        await _client.ArchiveAsync(onceB);
        var single = await _client.FitAsync(new { calibrationEnd = "2019-12-31", horizonDays = 30, monthlyDiscountRate = 0 });
        AssertFailed(single, "At least two customers");
        Assert.Equal(30, single["horizonDays"]!.GetValue<int>());
        Assert.Equal(0, single["monthlyDiscountRate"]!.GetValue<double>());

        Assert.Equal(0, await api.ScalarAsync<int>("SELECT count(*)::int FROM clv_predictions"));
        var value = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{repeat}/value"))!;
        Assert.Null(value["predicted"]);
    }

    private static void AssertFailed(JsonObject model, string reason)
    {
        Assert.Equal("failed", model["status"]!.GetValue<string>());
        var error = model["error"]!.GetValue<string>();
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.StartsWith("The model could not be fitted", error, StringComparison.Ordinal);
        Assert.Null(model["bgnbd"]);
        Assert.Null(model["gammaGamma"]);
        Assert.Null(model["customers"]);
        Assert.NotNull(model["finishedAt"]);
    }

    [Fact]
    public async Task Models_are_listed_newest_first_on_keyset_pages()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await _client.FitAsync(new { calibrationEnd = "2000-01-01" }))["id"]!.GetValue<Guid>());
        }

        var listed = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = (await _client.GetFromJsonAsync<JsonObject>("/api/v1/clv/models?limit=2" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            listed.AddRange(page["items"]!.AsArray().Select(m => m!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        var mine = listed.Where(ids.Contains).ToList();
        Assert.Equal(Enumerable.Reverse(ids), mine);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(await ModelCountAsync(), listed.Count);
        using var response = await _client.GetAsync("/api/v1/clv/models?limit=201");
        await response.AssertProblemAsync((int)HttpStatusCode.BadRequest);
    }
}
