namespace CustomerRetention.Domain.BuildingBlocks.Events;

/// <summary>
/// How far retention has removed the event log (one row): a feed cursor at or before
/// <see cref="PurgedThrough"/> may have missed removed events, and is refused as expired.
/// </summary>
public sealed class EventLogHorizon
{
    public const int SingletonId = 1;

    private EventLogHorizon()
    {
    }

    public int Id { get; private set; }

    /// <summary>The highest position retention removed (0 while nothing was removed).</summary>
    public long PurgedThrough { get; private set; }

    /// <summary>When retention last removed events.</summary>
    public DateTimeOffset? PurgedAt { get; private set; }
}
