using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.Events;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Infrastructure.Events;

/// <summary>How long the event log keeps events (<c>Events:RetentionDays</c>, at least 1; default 30).</summary>
public sealed record EventRetentionOptions(int RetentionDays)
{
    public const int DefaultDays = 30;

    /// <summary>Hourly, on the hour (UTC).</summary>
    public const string DefaultSchedule = "0 * * * *";
}

/// <summary>
/// Removes the events older than the retention period, when the schedule fires (one instance per
/// occurrence): every event up to the newest position that is past it, so what is removed is
/// always a prefix of the log. It then moves the log's horizon so that a reader with an older cursor is told its
/// position expired instead of silently missing events.
/// </summary>
public sealed class EventRetention(AppDbContext db, EventRetentionOptions options) : IScheduledJob<EventRetentionJob>
{
    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var cutoff = occurrence.AddDays(-options.RetentionDays);
        await db.Database.ExecuteSqlAsync(
            $"""
            WITH removed AS (DELETE FROM events
                             WHERE position <= (SELECT max(position) FROM events WHERE occurred_at < {cutoff})
                             RETURNING position)
            UPDATE event_log_horizon SET purged_through = GREATEST(purged_through, (SELECT max(position) FROM removed)), purged_at = now()
            WHERE id = {EventLogHorizon.SingletonId} AND EXISTS (SELECT 1 FROM removed)
            """,
            cancellationToken);
    }
}
