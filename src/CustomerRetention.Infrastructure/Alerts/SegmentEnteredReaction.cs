using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>
/// The reaction of <c>segment-entered</c> rules to <c>rfm.run-succeeded</c> (SPEC §9.1): reads the
/// event log after its cursor (<c>alert_event_cursors</c>, locked <c>FOR UPDATE SKIP LOCKED</c>
/// so one instance reacts at a time) and, in one transaction, queues an evaluation of every
/// enabled segment-entered rule against each succeeded run (at the run's asOf; once per rule
/// version and asOf, as every evaluation), appends their <c>alert.evaluation-requested</c> events
/// and moves the cursor. A run's success is committed by the job that ran it, outside any request,
/// so the reaction reads the outbox in the background (ARCHITECTURE §2b) rather than running inline.
/// The cursor starts at the head of the log the first time: runs before the reaction existed are not evaluated.
/// </summary>
internal sealed class SegmentEnteredReaction(AppDbContext db)
{
    public const string Consumer = "segment-entered";
    private const int Batch = 100;

    /// <summary>Reacts to the next batch of run successes; returns how many evaluations it queued.</summary>
    public async Task<int> ReactAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var start = new NpgsqlCommand(
            "INSERT INTO alert_event_cursors (consumer, position) SELECT @consumer, coalesce(max(position), 0) FROM events ON CONFLICT (consumer) DO NOTHING", connection))
        {
            start.Parameters.AddWithValue("consumer", Consumer);
            await start.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand("SELECT position FROM alert_event_cursors WHERE consumer = @consumer FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            claim.Parameters.AddWithValue("consumer", Consumer);
            if (await claim.ExecuteScalarAsync(cancellationToken) is not long position)
            {
                return 0; // another instance is reacting
            }

            await ExecuteAsync(connection, transaction, position,
                $"""
                CREATE TEMP TABLE reaction ON COMMIT DROP AS
                WITH seen AS (SELECT e.position, e.type, e.resource_id FROM events e WHERE e.position > @position ORDER BY e.position LIMIT {Batch})
                SELECT (SELECT max(position) FROM seen) AS head, s.resource_id AS run_id, r.as_of, a.id AS rule_id, a.version AS rule_version
                FROM seen s
                JOIN rfm_runs r ON r.id = s.resource_id AND s.type = 'rfm.run-succeeded'
                JOIN alert_rules a ON a.kind = 'segment-entered' AND a.enabled AND a.deleted_at IS NULL
                UNION ALL
                SELECT (SELECT max(position) FROM seen), NULL, NULL, NULL, NULL WHERE EXISTS (SELECT 1 FROM seen)
                """,
                cancellationToken);
        }

        await ExecuteAsync(connection, transaction, null,
            $"""
            CREATE TEMP TABLE reaction_queued (id uuid, rule_id uuid, rule_version int, as_of timestamptz, rfm_run_id uuid, created_at timestamptz) ON COMMIT DROP;
            WITH queued AS (
                INSERT INTO alert_evaluations (id, rule_id, rule_version, as_of, trigger, rfm_run_id, status, created_at)
                SELECT {SqlText.NewId}, rule_id, rule_version, as_of, 'rfm-run', run_id, 'queued', clock_timestamp()
                FROM reaction WHERE rule_id IS NOT NULL
                ON CONFLICT (rule_id, rule_version, as_of) WHERE status <> 'failed' DO NOTHING
                RETURNING id, rule_id, rule_version, as_of, rfm_run_id, created_at)
            INSERT INTO reaction_queued SELECT * FROM queued;
            UPDATE alert_event_cursors SET position = (SELECT max(head) FROM reaction)
            WHERE consumer = @consumer AND EXISTS (SELECT 1 FROM reaction);
            SELECT pg_advisory_xact_lock(@lock);
            INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
            SELECT {SqlText.NewId}, 'alert.evaluation-requested', q.created_at, NULL, 'alert-evaluation', q.id, 'system', NULL,
                   jsonb_build_object('state', jsonb_build_object(
                       'id', q.id, 'ruleId', q.rule_id, 'ruleVersion', q.rule_version, 'asOf', {SqlText.Timestamp("q.as_of")}, 'trigger', 'rfm-run',
                       'rfmRunId', q.rfm_run_id, 'status', 'queued', 'figures', NULL, 'error', NULL, 'createdAt', {SqlText.Timestamp("q.created_at")},
                       'startedAt', NULL, 'finishedAt', NULL))
            FROM reaction_queued q ORDER BY q.id
            """,
            cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM reaction_queued", connection, transaction);
        var queued = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long? position, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("consumer", Consumer);
        command.Parameters.AddWithValue("lock", EventLog.AppendLockKey);
        command.Parameters.AddWithValue("position", position ?? 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The hosted loop of <see cref="SegmentEnteredReaction"/>: every poll interval of the alert jobs; an outage is logged once and waited out.</summary>
internal sealed partial class SegmentEnteredReactionWorker(
    IServiceScopeFactory scopes, JobOptions<AlertEvaluationJob> options, IJobSignal<AlertEvaluationJob> signal, ILogger<SegmentEnteredReactionWorker> logger) : BackgroundService
{
    private bool _unavailable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<SegmentEnteredReaction>().ReactAsync(stoppingToken) > 0)
                {
                    signal.Notify();
                }

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
                    LogUnavailable(logger, e.GetBaseException().Message);
                }
            }
#pragma warning disable CA1031 // the reaction must survive any failure and try again later
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, the segment-entered reaction is waiting: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The segment-entered reaction failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
