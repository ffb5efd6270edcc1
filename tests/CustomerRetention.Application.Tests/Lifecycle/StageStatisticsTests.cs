using CustomerRetention.Application.Lifecycle;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Tests.Lifecycle;

public sealed class StageStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_in_a_stage_adds_up_over_re_entries_and_counts_the_current_stay_to_now()
    {
        var history = new[]
        {
            new StageVisit(LifecycleStage.Awareness, T0),
            new StageVisit(LifecycleStage.Interest, T0.AddDays(2)),
            new StageVisit(LifecycleStage.Awareness, T0.AddDays(5)),
            new StageVisit(LifecycleStage.Interest, T0.AddDays(5.5)),
        };

        var stats = StageStatistics.From(history, T0.AddDays(10)).ToDictionary(s => s.Stage);

        Assert.Equal(2.5, stats[LifecycleStage.Awareness].TotalDays, 9);
        Assert.Equal(3 + 4.5, stats[LifecycleStage.Interest].TotalDays, 9);
        Assert.Equal(T0, stats[LifecycleStage.Awareness].FirstEnteredAt);
        Assert.Equal(T0.AddDays(5), stats[LifecycleStage.Awareness].LastEnteredAt);
        Assert.Equal(T0.AddDays(5.5), stats[LifecycleStage.Awareness].LastExitedAt);
        Assert.Equal(T0.AddDays(5), stats[LifecycleStage.Interest].LastExitedAt);
        Assert.Null(stats[LifecycleStage.Churned].FirstEnteredAt);
        Assert.Equal(0, stats[LifecycleStage.Churned].TotalDays);
        Assert.Equal(7, stats.Count);
    }

    [Fact]
    public void A_stay_that_begins_in_the_future_of_now_counts_nothing()
    {
        var stats = StageStatistics.From([new StageVisit(LifecycleStage.Decision, T0.AddDays(1))], T0);
        Assert.Equal(0, stats.Single(s => s.Stage == LifecycleStage.Decision).TotalDays);
    }
}
