using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Events;

/// <summary>
/// The scheduled removal of events older than <c>Events:RetentionDays</c> (settings
/// <c>Jobs:EventRetention:…</c>; hourly unless <c>Jobs:EventRetention:Schedule</c> says otherwise).
/// </summary>
public sealed class EventRetentionJob : IJobKind
{
    private EventRetentionJob()
    {
    }

    public static string Name => "EventRetention";
}
