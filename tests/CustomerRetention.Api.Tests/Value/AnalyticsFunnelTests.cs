using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Value;

public sealed class AnalyticsFunnelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Entered_reached_and_median_days_equal_a_replay_of_the_history()
    {
        var history = await AnalyticsHistory.StandardAsync(api);
        var expected = history.Reference.FunnelOf();

        var body = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/lifecycle-funnel");

        var stages = body["stages"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(AnalyticsReference.Funnel, stages.Select(s => s["stage"]!.GetValue<string>()));
        for (var i = 0; i < expected.Count; i++)
        {
            var (stage, entered, reached, median) = expected[i];
            Assert.Equal(entered, stages[i]["entered"]!.GetValue<int>());
            var actual = stages[i]["reached"]!.AsObject();
            Assert.Equal(reached.Keys, actual.Select(r => r.Key));
            foreach (var (later, share) in reached)
            {
                AnalyticsHistory.AssertClose(share, actual[later], $"{stage} → {later}");
            }

            Assert.True(
                median is null ? stages[i]["medianDaysInStage"] is null : Math.Abs(median.Value - stages[i]["medianDaysInStage"]!.GetValue<double>()) < 1e-6,
                $"{stage} median: expected {median}, got {stages[i]["medianDaysInStage"]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task The_funnel_has_the_figures_worked_out_by_hand()
    {
        await AnalyticsHistory.StandardAsync(api);

        var body = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/lifecycle-funnel");

        var stages = body["stages"]!.AsArray().ToDictionary(s => s!["stage"]!.GetValue<string>(), s => s!.AsObject());
        // Awareness: A and D (archived F never was); A bought, D did not → half reached retention.
        Assert.Equal(2, stages["awareness"]["entered"]!.GetValue<int>());
        Assert.Equal(0.5, stages["awareness"]["reached"]!["retention"]!.GetValue<double>());
        Assert.Equal(0.5, stages["awareness"]["reached"]!["interest"]!.GetValue<double>());
        Assert.Equal(1.0, stages["awareness"]["reached"]!["churned"]!.GetValue<double>());
        // Retention: A, B, C, E, G; churned later: A, B, G.
        Assert.Equal(5, stages["retention"]["entered"]!.GetValue<int>());
        Assert.Equal(0.6, stages["retention"]["reached"]!["churned"]!.GetValue<double>(), 12);
        Assert.Empty(stages["churned"]["reached"]!.AsObject());
        // Decision stays: C 2023-03-20 12:00 → 2023-05-31 23:59:59; G 2024-01-10 → 2024-01-20 (10 days).
        var c = (AnalyticsReference.Utc("2023-05-31T23:59:59Z") - AnalyticsReference.Utc("2023-03-20T12:00:00Z")).TotalDays;
        Assert.Equal((c + 10) / 2, stages["decision"]["medianDaysInStage"]!.GetValue<double>(), 6);
        // Nobody left expansion... except A (2023-04-01 → 2023-06-10 = 70 days, 7 hours).
        Assert.Equal(70 + (7.0 / 24), stages["expansion"]["medianDaysInStage"]!.GetValue<double>(), 6);
    }
}

/// <summary>On its own database: no customer at all.</summary>
public sealed class AnalyticsEmptyFunnelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_empty_history_lists_every_stage_with_nothing_entered()
    {
        var body = await AnalyticsHistory.GetAsync(_client, "/api/v1/analytics/lifecycle-funnel");

        var stages = body["stages"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(AnalyticsReference.Funnel, stages.Select(s => s["stage"]!.GetValue<string>()));
        Assert.All(stages, s =>
        {
            Assert.Equal(0, s["entered"]!.GetValue<int>());
            Assert.Null(s["medianDaysInStage"]);
            Assert.All(s["reached"]!.AsObject(), r => Assert.Null(r.Value));
        });
    }
}
