using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Persistence;
using Cronos;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The schedule of job kind <typeparamref name="TKind"/> (<c>Jobs:&lt;Kind&gt;:Schedule</c>),
/// evaluated through <c>job_schedules</c> so that one instance fires each occurrence: the
/// statement that moves <c>next_due_at</c> forward succeeds for one transaction only, and the
/// job is queued (<see cref="IScheduledJob{TKind}"/>) in that same transaction. Occurrences
/// missed while no instance ran fire once, on the next poll.
/// </summary>
public sealed partial class JobScheduler<TKind>(
    AppDbContext db, IScheduledJob<TKind> scheduled, JobOptions<TKind> options, TimeProvider clock, IDeploymentCalendar calendar, ILogger<JobScheduler<TKind>> logger)
    where TKind : IJobKind
{
    /// <summary>Schedules are read in the deployment time zone (<c>Crm:TimeZone</c>, default UTC): "0 4 * * *" is 04:00 local, across DST changes.</summary>
    private string TimeZone => calendar.ZoneId;

    private readonly CronExpression _cron = JobCron.Parse(TKind.Name, options.Value.Schedule);

    private string Cron => options.Value.Schedule!.Trim();

    /// <summary>
    /// Creates the kind's row, or recomputes its next occurrence when the expression or zone in the
    /// configuration changed (every instance must be configured alike).
    /// </summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO job_schedules (kind, cron, time_zone, next_due_at) VALUES (@kind, @cron, @zone, @next)
            ON CONFLICT (kind) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone, next_due_at = excluded.next_due_at
            WHERE job_schedules.cron <> excluded.cron OR job_schedules.time_zone <> excluded.time_zone
            """,
            connection);
        upsert.Parameters.AddWithValue("kind", TKind.Name);
        upsert.Parameters.AddWithValue("cron", Cron);
        upsert.Parameters.AddWithValue("zone", TimeZone);
        upsert.Parameters.AddWithValue("next", Next());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Fires the schedule if it is due and no other instance fired this occurrence: moves
    /// <c>next_due_at</c> past now and queues one job, in one transaction. Returns the occurrence
    /// fired, or null.
    /// </summary>
    public async Task<DateTimeOffset?> FireDueAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var fire = new NpgsqlCommand(
            """
            WITH due AS (SELECT kind, next_due_at FROM job_schedules
                         WHERE kind = @kind AND cron = @cron AND next_due_at <= clock_timestamp()
                         FOR UPDATE SKIP LOCKED)
            UPDATE job_schedules s SET next_due_at = @next, last_fired_at = clock_timestamp()
            FROM due
            WHERE s.kind = due.kind AND @next > clock_timestamp()
            RETURNING due.next_due_at
            """,
            connection,
            (NpgsqlTransaction)transaction.GetDbTransaction());
        fire.Parameters.AddWithValue("kind", TKind.Name);
        fire.Parameters.AddWithValue("cron", Cron);
        fire.Parameters.AddWithValue("next", Next());
        if (await fire.ExecuteScalarAsync(cancellationToken) is not DateTime due)
        {
            return null;
        }

        var occurrence = new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc));
        await scheduled.QueueAsync(occurrence, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogFired(logger, TKind.Name, occurrence);
        return occurrence;
    }

    /// <summary>The next occurrence in the zone, as UTC (PostgreSQL's timestamptz takes UTC offsets only).</summary>
    private DateTimeOffset Next() =>
        (_cron.GetNextOccurrence(clock.GetUtcNow(), calendar.Zone)
            ?? throw new InvalidOperationException($"Jobs:{TKind.Name}:Schedule '{Cron}' has no future occurrence.")).ToUniversalTime();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Kind} schedule fired its occurrence of {Occurrence:o}: one job queued")]
    private static partial void LogFired(ILogger logger, string kind, DateTimeOffset occurrence);
}

/// <summary>Parses <c>Jobs:&lt;Kind&gt;:Schedule</c>: five cron fields, or six with seconds first.</summary>
internal static class JobCron
{
    public static CronExpression Parse(string kind, string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new InvalidOperationException($"Jobs:{kind}:Schedule is empty: the kind has no schedule.");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(expression.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException(
                $"Jobs:{kind}:Schedule '{expression}' is not a cron expression (five fields: minute hour day-of-month month day-of-week, or six with seconds first): {e.Message}",
                e);
        }
    }
}

/// <summary>
/// The hosted loop of a kind's schedule: every poll interval, make sure the schedule's row exists
/// and fire it if it is due. Logs one warning per database outage, like the job workers.
/// </summary>
public sealed partial class JobScheduleWorker<TKind>(IServiceScopeFactory scopes, JobOptions<TKind> options, ILogger<JobScheduleWorker<TKind>> logger)
    : BackgroundService
    where TKind : IJobKind
{
    private bool _unavailable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var scheduler = scope.ServiceProvider.GetRequiredService<JobScheduler<TKind>>();
                await scheduler.EnsureAsync(stoppingToken);
                await scheduler.FireDueAsync(stoppingToken);
                _unavailable = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                if (!_unavailable)
                {
                    _unavailable = true;
                    LogUnavailable(logger, TKind.Name, e.GetBaseException().Message);
                }
            }
#pragma warning disable CA1031 // the scheduler must survive any failure and try again later
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e, TKind.Name);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, {Kind} schedule waiting: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Kind} schedule failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception, string kind);
}
