using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.FollowUps;

/// <summary>
/// Follow-ups' reaction to <c>alert.opened</c> (SPEC §9.1 <c>actionsOnOpen</c>, §9.2): reads the
/// event log after its cursor (<see cref="EventCursor"/>, consumer <c>alert-tasks</c>) and, in one
/// transaction, creates a task for each <c>task</c> action an opened alert carries
/// (<see cref="FollowUpSql.AlertTaskInsert"/>), appends their <c>task.created</c> events (origin:
/// the <c>alert.opened</c> event) and moves the cursor. Evaluations open alerts set-based in a job,
/// so this reads the outbox instead of running inline; it knows alerts only by the event's public
/// payload. The migration that introduced it placed its cursor at the head of the log then, so no
/// alert opened since is missed, even while the reaction is switched off.
/// </summary>
internal sealed partial class AlertTaskReaction(AppDbContext db, IDeploymentCalendar calendar, TimeProvider clock, ILogger<AlertTaskReaction> logger) : IEventReaction
{
    public const string Consumer = "alert-tasks";
    private const int Batch = 500;

    /// <summary>Reacts to the next batch of events; returns how many tasks it created.</summary>
    public async Task<int> ReactAsync(CancellationToken cancellationToken)
    {
        await using var cursor = await EventCursor.ClaimAsync(db, Consumer, cancellationToken);
        if (cursor is null || await cursor.HeadAsync(Batch, cancellationToken) is not long head)
        {
            return 0; // another instance is reacting, or nothing new
        }

        var now = clock.GetUtcNow();
        async Task<object?> RunAsync(string sql)
        {
            await using var command = cursor.Command(sql);
            command.Parameters.AddWithValue("head", head);
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            command.Parameters.AddWithValue("zone", calendar.ZoneId);
            command.Parameters.AddWithValue("today", NpgsqlDbType.Date, calendar.LocalDate(now));
            return await command.ExecuteScalarAsync(cancellationToken);
        }

        await RunAsync(FollowUpSql.CreateEvents);
        await RunAsync(FollowUpSql.AlertsOpened);
        await RunAsync(FollowUpSql.AlertTaskInsert);
        await RunAsync(FollowUpSql.AlertTaskOrigins);
        var created = (int)(long)(await RunAsync(FollowUpSql.CountAll))!;
        await RunAsync($"SELECT pg_advisory_xact_lock(@lock); {FollowUpSql.AppendEvents}");
        await cursor.AdvanceAndCommitAsync(head, cancellationToken);
        if (created > 0)
        {
            LogCreated(logger, created, head);
        }

        return created;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Tasks} tasks for opened alerts (event log up to position {Head})")]
    private static partial void LogCreated(ILogger logger, int tasks, long head);
}
