using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;
using CustomerRetention.Infrastructure.Persistence;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>
/// The reaction of <c>segment-entered</c> rules to <c>rfm.run-succeeded</c> (SPEC §9.1): reads the
/// event log after its cursor (<see cref="EventCursor"/>, consumer <c>segment-entered</c>) and, in
/// one transaction, queues an evaluation of every enabled segment-entered rule against each
/// succeeded run (at the run's asOf; once per rule version and asOf, as every evaluation), appends
/// their <c>alert.evaluation-requested</c> events and moves the cursor. A run's success is
/// committed by the job that ran it, outside any request, so the reaction reads the outbox in the
/// background (ARCHITECTURE §2b) rather than running inline. The migration that introduced the
/// cursors placed it at the head of the log: runs before then are not evaluated.
/// </summary>
internal sealed class SegmentEnteredReaction(AppDbContext db, IJobSignal<AlertEvaluationJob> signal) : IEventReaction
{
    public const string Consumer = "segment-entered";
    private const int Batch = 100;

    /// <summary>Reacts to the next batch of run successes; returns how many evaluations it queued (and wakes the evaluation worker when any).</summary>
    public async Task<int> ReactAsync(CancellationToken cancellationToken)
    {
        await using var cursor = await EventCursor.ClaimAsync(db, Consumer, cancellationToken);
        if (cursor is null || await cursor.HeadAsync(Batch, cancellationToken) is not long head)
        {
            return 0; // another instance is reacting, or nothing new
        }

        await using (var react = cursor.Command(
            $"""
            CREATE TEMP TABLE reaction_queued (id uuid, rule_id uuid, rule_version int, as_of timestamptz, rfm_run_id uuid, created_at timestamptz) ON COMMIT DROP;
            WITH queued AS (
                INSERT INTO alert_evaluations (id, rule_id, rule_version, as_of, trigger, rfm_run_id, status, created_at)
                SELECT {SqlText.NewId}, a.id, a.version, r.as_of, 'rfm-run', r.id, 'queued', clock_timestamp()
                FROM events e
                JOIN rfm_runs r ON r.id = e.resource_id
                JOIN alert_rules a ON a.kind = 'segment-entered' AND a.enabled AND a.deleted_at IS NULL
                WHERE e.position > @position AND e.position <= @head AND e.type = 'rfm.run-succeeded'
                ORDER BY e.position, a.id
                ON CONFLICT (rule_id, rule_version, as_of) WHERE status <> 'failed' DO NOTHING
                RETURNING id, rule_id, rule_version, as_of, rfm_run_id, created_at)
            INSERT INTO reaction_queued SELECT * FROM queued;
            SELECT pg_advisory_xact_lock(@lock);
            INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
            SELECT {SqlText.NewId}, 'alert.evaluation-requested', q.created_at, NULL, 'alert-evaluation', q.id, 'system', NULL,
                   jsonb_build_object('state', jsonb_build_object(
                       'id', q.id, 'ruleId', q.rule_id, 'ruleVersion', q.rule_version, 'asOf', {SqlText.Timestamp("q.as_of")}, 'trigger', 'rfm-run',
                       'rfmRunId', q.rfm_run_id, 'status', 'queued', 'figures', NULL, 'error', NULL, 'createdAt', {SqlText.Timestamp("q.created_at")},
                       'startedAt', NULL, 'finishedAt', NULL))
            FROM reaction_queued q ORDER BY q.id
            """))
        {
            react.Parameters.AddWithValue("head", head);
            await react.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var count = cursor.Command("SELECT count(*) FROM reaction_queued");
        var queued = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await cursor.AdvanceAndCommitAsync(head, cancellationToken);
        if (queued > 0)
        {
            signal.Notify();
        }

        return queued;
    }
}
