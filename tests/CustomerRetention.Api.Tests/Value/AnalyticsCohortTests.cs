using CustomerRetention.Api.Tests.Support;
using static CustomerRetention.Api.Tests.Value.AnalyticsReference;

namespace CustomerRetention.Api.Tests.Value;

public sealed class AnalyticsCohortTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("2023-01-01T00:00:00Z", "2024-06-01T00:00:00Z")]
    [InlineData("2023-05-15T00:00:00Z", "2023-08-01T00:00:00Z")]
    [InlineData("2022-01-01T00:00:00Z", "2023-03-02T00:00:00Z")]
    [InlineData("2024-01-31T23:00:00Z", "2024-12-01T00:00:00Z")]
    public async Task Cohort_shares_equal_a_replay_of_the_orders(string from, string to)
    {
        var history = await AnalyticsHistory.StandardAsync(api);
        var expected = history.Reference.CohortsOf(Utc(from), Utc(to));

        var body = await AnalyticsHistory.GetAsync(_client, $"/api/v1/analytics/cohorts?from={from}&to={to}");

        var cohorts = body["cohorts"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(expected.Select(e => e.Cohort), cohorts.Select(c => c["cohort"]!.GetValue<string>()));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Size, cohorts[i]["size"]!.GetValue<int>());
            var shares = cohorts[i]["retention"]!.AsArray().Select(s => s!.GetValue<double>()).ToList();
            Assert.Equal(expected[i].Retention.Count, shares.Count);
            for (var m = 0; m < shares.Count; m++)
            {
                Assert.True(Math.Abs(expected[i].Retention[m] - shares[m]) < 1e-12, $"{expected[i].Cohort} month {m}: expected {expected[i].Retention[m]}, got {shares[m]}");
            }
        }
    }

    [Fact]
    public async Task The_2023_cohorts_have_the_shares_worked_out_by_hand()
    {
        await AnalyticsHistory.StandardAsync(api);

        var body = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/cohorts?from=2023-01-01T00:00:00Z&to=2023-11-01T00:00:00Z");

        var cohorts = body["cohorts"]!.AsArray().ToDictionary(c => c!["cohort"]!.GetValue<string>(), c => c!.AsObject());
        // Archived F (first order February) is not counted; G's cohort 2024-01 is outside.
        Assert.Equal(["2023-01", "2023-02", "2023-05", "2023-06"], cohorts.Keys);
        Assert.Equal(1, cohorts["2023-02"]["size"]!.GetValue<int>());
        // A: Feb, Apr, Sep orders; months Feb..Oct.
        Assert.Equal([1.0, 0, 1, 0, 0, 0, 0, 1, 0], cohorts["2023-02"]["retention"]!.AsArray().Select(s => s!.GetValue<double>()));
        // C: May, June (the refunded July order does not count), October.
        Assert.Equal([1.0, 1, 0, 0, 0, 1], cohorts["2023-05"]["retention"]!.AsArray().Select(s => s!.GetValue<double>()));
    }

    [Fact]
    public async Task Months_without_first_purchases_have_no_cohort()
    {
        var body = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/cohorts?from=2001-01-01T00:00:00Z&to=2002-01-01T00:00:00Z");

        Assert.Empty(body["cohorts"]!.AsArray());
    }
}
