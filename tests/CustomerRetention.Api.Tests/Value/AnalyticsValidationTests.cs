using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Value;

public sealed class AnalyticsValidationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/api/v1/analytics/summary", "from,to")]
    [InlineData("/api/v1/analytics/summary?from=2023-01-01T00:00:00Z", "to")]
    [InlineData("/api/v1/analytics/summary?to=2023-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/analytics/cohorts?to=2023-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/analytics/series?metric=orders&interval=day&from=2023-01-01T00:00:00Z", "to")]
    [InlineData("/api/v1/analytics/series?interval=day&from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z", "metric")]
    [InlineData("/api/v1/analytics/series?metric=orders&from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z", "interval")]
    public async Task Missing_parameters_are_refused_by_name(string uri, string keys)
    {
        using var response = await _client.GetAsync(uri);

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(keys.Split(',').Order(StringComparer.Ordinal), problem.ErrorKeys().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/analytics/summary?from=2023-02-01T00:00:00Z&to=2023-01-01T00:00:00Z")]
    [InlineData("/api/v1/analytics/summary?from=2023-01-01T00:00:00Z&to=2023-01-01T00:00:00Z")]
    [InlineData("/api/v1/analytics/cohorts?from=2023-02-01T00:00:00Z&to=2023-01-01T00:00:00Z")]
    [InlineData("/api/v1/analytics/series?metric=orders&interval=week&from=2023-01-01T00:00:00Z&to=2023-01-01T00:00:00Z")]
    public async Task A_period_that_does_not_end_after_it_starts_is_refused(string uri)
    {
        using var response = await _client.GetAsync(uri);

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["to"], problem.ErrorKeys());
    }

    [Theory]
    [InlineData("metric=ltv&interval=day", "metric", "ltv")]
    [InlineData("metric=orders&interval=year", "interval", "year")]
    [InlineData("metric=Orders&interval=Day", "metric", "Orders")]
    public async Task Unknown_metrics_and_intervals_are_refused_naming_the_value(string query, string key, string value)
    {
        using var response = await _client.GetAsync($"/api/v1/analytics/series?{query}&from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z");

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(key, problem.ErrorKeys());
        Assert.Contains(value, problem["errors"]![key]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/analytics/summary?from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z&interval=day", "interval")]
    [InlineData("/api/v1/analytics/cohorts?from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z&metric=x", "metric")]
    [InlineData("/api/v1/analytics/lifecycle-funnel?from=2023-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/analytics/series?metric=orders&interval=day&from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z&limit=5", "limit")]
    public async Task Unknown_query_parameters_are_refused_by_name(string uri, string key)
    {
        using var response = await _client.GetAsync(uri);

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal([key], problem.ErrorKeys());
    }

    [Fact]
    public async Task More_than_a_thousand_cohort_months_are_refused()
    {
        using var response = await _client.GetAsync("/api/v1/analytics/cohorts?from=1970-01-01T00:00:00Z&to=2070-01-01T00:00:00Z");

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["to"], problem.ErrorKeys());
    }

    [Fact]
    public async Task A_malformed_timestamp_is_a_client_error()
    {
        using var response = await _client.GetAsync("/api/v1/analytics/summary?from=yesterday&to=2023-02-01T00:00:00Z");

        await response.AssertProblemAsync(400);
    }

    [Theory]
    [InlineData("/api/v1/analytics/summary", "GetAnalyticsSummary", "from,to")]
    [InlineData("/api/v1/analytics/series", "GetAnalyticsSeries", "from,interval,metric,to")]
    [InlineData("/api/v1/analytics/cohorts", "GetAnalyticsCohorts", "from,to")]
    [InlineData("/api/v1/analytics/lifecycle-funnel", "GetLifecycleFunnel", "")]
    public async Task The_openapi_document_describes_each_analytics_operation(string path, string operationId, string parameters)
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;

        var operation = document["paths"]![path]!["get"]!;
        Assert.Equal(operationId, operation["operationId"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()));
        Assert.NotNull(operation["responses"]!["200"]);
        var names = operation["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [];
        Assert.Equal(parameters.Split(',', StringSplitOptions.RemoveEmptyEntries), names);
        if (names.Count > 0)
        {
            Assert.NotNull(operation["responses"]!["400"]!["content"]!["application/problem+json"]);
        }
    }
}
