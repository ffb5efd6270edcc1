using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle;

/// <summary>A stage entered at an instant (one history entry).</summary>
public sealed record StageVisit(LifecycleStage Stage, DateTimeOffset EnteredAt);

/// <summary>
/// Per-stage statistics from a history in chronological order: each entry is left when the next
/// one begins; the last one is still going on at <c>now</c>.
/// </summary>
public static class StageStatistics
{
    public static IReadOnlyList<StageStatsDto> From(IReadOnlyList<StageVisit> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        return LifecycleGraph.Stages.Select(stage =>
        {
            DateTimeOffset? first = null, last = null, exited = null;
            var total = TimeSpan.Zero;
            for (var i = 0; i < history.Count; i++)
            {
                if (history[i].Stage != stage)
                {
                    continue;
                }

                var entered = history[i].EnteredAt;
                first ??= entered;
                last = entered;
                var end = i + 1 < history.Count ? history[i + 1].EnteredAt : (DateTimeOffset?)null;
                if (end is not null)
                {
                    exited = end;
                }

                total += (end ?? (now > entered ? now : entered)) - entered;
            }

            return new StageStatsDto(stage, first, last, exited, total.TotalDays);
        }).ToArray();
    }
}
