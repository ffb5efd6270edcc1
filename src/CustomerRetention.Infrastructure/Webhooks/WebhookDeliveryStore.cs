using System.Globalization;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Webhooks;

/// <summary>A delivery a worker holds (its lease) while it sends it.</summary>
public sealed record ClaimedDelivery(Guid Id, Guid WebhookId, long EventPosition, int Retries, DateTimeOffset ClaimedUntil);

/// <summary>
/// The set-based SQL of webhook delivery (ADR 0022): fan the event log out into deliveries,
/// claim the next deliverable one with <c>FOR UPDATE SKIP LOCKED</c> (never a customer's delivery
/// while an earlier one of that customer is pending for the same subscription), and record attempts.
/// </summary>
public sealed class WebhookDeliveryStore(AppDbContext db, TimeProvider clock)
{
    /// <summary>Events examined per subscription and fan-out round.</summary>
    public const int FanOutBatch = 5000;

    /// <summary>
    /// For every enabled subscription no other instance is fanning out (row lock, skipped when
    /// held): queue a delivery for each event after its position whose type it wants, and move its
    /// position on, in one transaction. Returns the deliveries queued.
    /// </summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);

        // A new subscription's cursor starts where the subscription does (its own statement, so no
        // transaction waits on another's new cursor rows).
        await using (var cursors = new NpgsqlCommand(
            """
            INSERT INTO webhook_cursors (webhook_id, position)
            SELECT id, feed_start FROM webhooks w WHERE NOT EXISTS (SELECT 1 FROM webhook_cursors c WHERE c.webhook_id = w.id)
            ORDER BY id
            ON CONFLICT (webhook_id) DO NOTHING
            """,
            connection))
        {
            await cursors.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long head;
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(position), 0) FROM events", connection, transaction))
        {
            head = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        }

        var locked = new HashSet<Guid>();
        var picked = new List<(Guid Webhook, long Position, Guid EventId, string Type, Guid? Customer, bool Wanted)>();
        await using (var select = new NpgsqlCommand(
            """
            WITH hook AS (
                SELECT c.webhook_id AS id, greatest(c.position, w.feed_start) AS feed_position, w.event_types
                FROM webhook_cursors c JOIN webhooks w ON w.id = c.webhook_id
                WHERE w.enabled AND greatest(c.position, w.feed_start) < @head
                ORDER BY c.webhook_id
                FOR UPDATE OF c SKIP LOCKED)
            SELECT h.id, e.position, e.id, e.type, e.customer_id,
                   (e.type = ANY (h.event_types) OR '*' = ANY (h.event_types) OR split_part(e.type, '.', 1) || '.*' = ANY (h.event_types))
            FROM hook h
            LEFT JOIN LATERAL (
                SELECT position, id, type, customer_id FROM events
                WHERE position > h.feed_position AND position <= @head
                ORDER BY position
                LIMIT @batch) e ON true
            """,
            connection,
            transaction))
        {
            select.Parameters.AddWithValue("head", head);
            select.Parameters.AddWithValue("batch", FanOutBatch);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                locked.Add(reader.GetGuid(0));
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                picked.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetBoolean(5)));
            }
        }

        if (locked.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var wanted = picked.Where(p => p.Wanted).ToList();
        if (wanted.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_position, event_type, customer_id, state, retries, next_attempt_at, attempts, created_at)
                SELECT d.id, d.webhook_id, d.event_id, d.event_position, d.event_type, d.customer_id, 'pending', 0, @now, '[]'::jsonb, @now
                FROM unnest(@ids, @webhooks, @events, @positions, @types, @customers) AS d(id, webhook_id, event_id, event_position, event_type, customer_id)
                ON CONFLICT (webhook_id, event_position) DO NOTHING
                """,
                connection,
                transaction);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("ids", wanted.Select(_ => Guid.CreateVersion7(now)).ToArray());
            insert.Parameters.AddWithValue("webhooks", wanted.Select(p => p.Webhook).ToArray());
            insert.Parameters.AddWithValue("events", wanted.Select(p => p.EventId).ToArray());
            insert.Parameters.AddWithValue("positions", wanted.Select(p => p.Position).ToArray());
            insert.Parameters.AddWithValue("types", wanted.Select(p => p.Type).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("customers", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = wanted.Select(p => (object?)p.Customer ?? DBNull.Value).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // A subscription that saw a full batch moves to its last examined event; the others (all
        // events up to the head examined, or none in range) to the head.
        var reached = locked
            .Select(id => (Webhook: id, Events: picked.Where(p => p.Webhook == id).Select(p => p.Position).ToList()))
            .Select(h => (h.Webhook, Position: h.Events.Count >= FanOutBatch ? h.Events.Max() : head))
            .ToList();
        await MoveAsync(connection, transaction, reached.Select(r => r.Webhook).ToArray(), reached.Select(r => r.Position).ToArray(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return wanted.Count;
    }

    /// <summary>
    /// Claims the next due delivery: pending, due, not held by a live lease, of an enabled
    /// subscription, and the oldest pending one of its customer for that subscription. The lease
    /// (<paramref name="lease"/>) is what keeps other workers off while this one sends; one that
    /// outlives its worker (a stopped instance) expires and the delivery is sent again.
    /// </summary>
    public async Task<ClaimedDelivery?> ClaimAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await using var claim = new NpgsqlCommand(
            """
            UPDATE webhook_deliveries d SET claimed_until = @until
            WHERE d.id = (
                SELECT c.id FROM webhook_deliveries c
                JOIN webhooks w ON w.id = c.webhook_id AND w.enabled
                WHERE c.state = 'pending' AND c.next_attempt_at <= @now
                  AND (c.claimed_until IS NULL OR c.claimed_until < @now)
                  AND (c.customer_id IS NULL OR NOT EXISTS (
                      SELECT 1 FROM webhook_deliveries p
                      WHERE p.webhook_id = c.webhook_id AND p.customer_id = c.customer_id
                        AND p.state = 'pending' AND p.customer_id IS NOT NULL AND p.event_position < c.event_position))
                ORDER BY c.next_attempt_at, c.event_position
                LIMIT 1
                FOR UPDATE OF c SKIP LOCKED)
            RETURNING d.id, d.webhook_id, d.event_position, d.retries, d.claimed_until
            """,
            connection);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("until", now + lease);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedDelivery(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    /// <summary>
    /// Records an attempt and the delivery's next state, if this worker still holds the lease
    /// (a worker that lost it — it took longer than the lease — records nothing: the new holder sends again).
    /// </summary>
    public async Task RecordAsync(ClaimedDelivery claimed, DateTimeOffset at, AttemptOutcome outcome, string state, int retries, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(outcome);
        var connection = await OpenAsync(cancellationToken);
        await using var record = new NpgsqlCommand(
            """
            UPDATE webhook_deliveries
            SET state = @state, retries = @retries, next_attempt_at = @next, claimed_until = NULL,
                attempts = attempts || jsonb_build_array(jsonb_build_object('at', @at, 'status', @status, 'durationMs', @duration, 'error', @error))
            WHERE id = @id AND claimed_until = @lease
            """,
            connection);
        record.Parameters.AddWithValue("id", claimed.Id);
        record.Parameters.AddWithValue("lease", claimed.ClaimedUntil);
        record.Parameters.AddWithValue("state", state);
        record.Parameters.AddWithValue("retries", retries);
        record.Parameters.AddWithValue("next", NpgsqlDbType.TimestampTz, (object?)nextAttemptAt ?? DBNull.Value);
        record.Parameters.AddWithValue("at", NpgsqlDbType.Text, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        record.Parameters.AddWithValue("status", NpgsqlDbType.Integer, (object?)outcome.Status ?? DBNull.Value);
        record.Parameters.AddWithValue("duration", outcome.DurationMs);
        record.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)outcome.Error ?? DBNull.Value);
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives a lease back unused (the instance is stopping): the delivery can be claimed again at once.</summary>
    public async Task ReleaseAsync(ClaimedDelivery claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var connection = await OpenAsync(cancellationToken);
        await using var release = new NpgsqlCommand("UPDATE webhook_deliveries SET claimed_until = NULL WHERE id = @id AND claimed_until = @lease", connection);
        release.Parameters.AddWithValue("id", claimed.Id);
        release.Parameters.AddWithValue("lease", claimed.ClaimedUntil);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] webhooks, long[] positions, CancellationToken cancellationToken)
    {
        // Only the subscriptions locked by this transaction's fan-out.
        await using var move = new NpgsqlCommand(
            """
            UPDATE webhook_cursors c SET position = m.position
            FROM unnest(@webhooks, @positions) AS m(id, position)
            WHERE c.webhook_id = m.id AND c.position < m.position
            """,
            connection,
            transaction);
        move.Parameters.AddWithValue("webhooks", webhooks);
        move.Parameters.AddWithValue("positions", positions);
        await move.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }
}
