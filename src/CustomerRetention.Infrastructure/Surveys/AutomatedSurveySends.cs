using System.Data.Common;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Surveys.Contracts;
using CustomerRetention.Domain.Surveys;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerRetention.Infrastructure.Surveys;

/// <summary>
/// <see cref="IAutomatedSurveySends"/> in PostgreSQL, set-based over the caller's batch: the
/// survey is read under a share lock (it cannot be archived meanwhile), the batch's customers are
/// locked in id order (as <c>POST /surveys/{id}/sends</c> locks its one customer, so a manual send
/// and a run never throttle past each other), then one statement plans every send and one inserts
/// them with their events under the event log's append lock (ADR 12).
/// </summary>
public sealed class AutomatedSurveySends(AppDbContext db) : IAutomatedSurveySends
{
    private static readonly string NewId = SqlText.NewIdAt("@now");

    /// <summary>
    /// The plan: one send per batch row whose key has no send yet. Throttled by the customer's
    /// latest delivered send with sentAt after now − throttleDays (exactly as the API: 24-hour
    /// days, one exactly throttleDays ago no longer counts), else — for a customer's later rows in
    /// the batch — by the customer's first row, which is sent.
    /// </summary>
    private static readonly string Plan =
        $"""
        CREATE TEMP TABLE survey_send_plan ON COMMIT DROP AS
        WITH b AS MATERIALIZED (
            SELECT b.customer_id, b.context_type, b.context_id, b.dedupe_key, {NewId} AS id,
                   row_number() OVER (PARTITION BY b.customer_id ORDER BY b.ordinal, b.context_id) AS rn
            FROM {AutomatedSendBatch.Table} b
            WHERE NOT EXISTS (SELECT 1 FROM survey_sends s WHERE s.dedupe_key = b.dedupe_key))
        SELECT b.id, b.customer_id, b.context_type, b.context_id, b.dedupe_key, b.rn,
               coalesce(p.id, CASE WHEN @throttle_days > 0 AND b.rn > 1 THEN first_value(b.id) OVER (PARTITION BY b.customer_id ORDER BY b.rn) END) AS throttled_by
        FROM b
        LEFT JOIN LATERAL (
            SELECT s.id FROM survey_sends s
            WHERE @throttle_days > 0 AND s.customer_id = b.customer_id AND s.status IN ('sent', 'responded', 'expired')
              AND s.sent_at > @now - @throttle_days * interval '24 hours'
            ORDER BY s.sent_at DESC, s.id DESC LIMIT 1) p ON true
        """;

    /// <summary>The planned sends, each with its <c>survey.sent</c> or <c>survey.throttled</c> event; answers the two counts.</summary>
    private static readonly string Insert =
        $"""
        WITH ins AS (
            INSERT INTO survey_sends (id, survey_id, customer_id, channel, context_type, context_id, status, token_hash, sent_at, expires_at,
                                      throttled_by, dedupe_key, created_at, updated_at)
            SELECT p.id, @survey, p.customer_id, @channel, p.context_type, p.context_id,
                   CASE WHEN p.throttled_by IS NULL THEN 'sent' ELSE 'throttled' END, NULL,
                   CASE WHEN p.throttled_by IS NULL THEN @now END,
                   CASE WHEN p.throttled_by IS NULL THEN @now + @expires_days * interval '24 hours' END,
                   p.throttled_by, p.dedupe_key, @now, @now
            FROM survey_send_plan p ORDER BY p.customer_id, p.rn
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            RETURNING *),
        ev AS (
            INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, data)
            SELECT {NewId}, CASE WHEN e.status = 'sent' THEN 'survey.sent' ELSE 'survey.throttled' END, @now, e.customer_id, 'survey-send', e.id, 'system',
                   jsonb_build_object('state', {SurveySendSql.State("e")})
            FROM ins e ORDER BY e.id
            RETURNING type)
        SELECT count(*) FILTER (WHERE type = 'survey.sent'), count(*) FILTER (WHERE type = 'survey.throttled') FROM ev
        """;

    /// <inheritdoc />
    public async Task<string?> StatusOfAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var status = await db.Surveys.AsNoTracking().Where(s => s.Id == surveyId).Select(s => (SurveyStatus?)s.Status).FirstOrDefaultAsync(cancellationToken);
        return status is { } known ? ApiJson.EnumValue(known) : null;
    }

    /// <inheritdoc />
    public async Task<AutomatedSendCounts> SendAsync(DbConnection connection, Guid surveyId, string channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        int throttleDays, expiresDays;
        await using (var read = new NpgsqlCommand("SELECT throttle_days, expires_after_days FROM surveys WHERE id = @survey AND status = 'active' FOR SHARE", npgsql))
        {
            read.Parameters.AddWithValue("survey", surveyId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new AutomatedSendCounts(false, 0, 0);
            }

            (throttleDays, expiresDays) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        await ExecuteAsync(npgsql, $"SELECT 1 FROM customers WHERE id IN (SELECT customer_id FROM {AutomatedSendBatch.Table}) ORDER BY id FOR UPDATE", cancellationToken);
        await ExecuteAsync(npgsql, Plan, cancellationToken, c =>
        {
            c.Parameters.AddWithValue("now", now);
            c.Parameters.AddWithValue("throttle_days", throttleDays);
        });
        await ExecuteAsync(npgsql, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, c => c.Parameters.AddWithValue("lock", EventLog.AppendLockKey));
        long sent = 0, throttled = 0;
        await using (var insert = new NpgsqlCommand(Insert, npgsql))
        {
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("survey", surveyId);
            insert.Parameters.AddWithValue("channel", channel);
            insert.Parameters.AddWithValue("expires_days", expiresDays);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                (sent, throttled) = (reader.GetInt64(0), reader.GetInt64(1));
            }
        }

        await ExecuteAsync(npgsql, "DROP TABLE survey_send_plan", cancellationToken);
        return new AutomatedSendCounts(true, sent, throttled);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, Action<NpgsqlCommand>? with = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        with?.Invoke(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
