using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.Surveys;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Infrastructure.Surveys;

/// <summary>
/// Expires the sends past their expiresAt when the schedule fires (one instance per occurrence,
/// in the transaction that records the firing): one statement marks every such send
/// <c>expired</c> and appends a <c>survey.expired</c> event for each, with the send's state as the
/// API returns it (without a token), under the event log's append lock (ADR 12).
/// </summary>
public sealed class SurveyExpiry(AppDbContext db) : IScheduledJob<SurveyExpiryJob>
{
    private static readonly string EventId = SqlText.NewIdAt("{0}");

    /// <summary>The sends still sent with expiresAt ≤ {0} become expired, each with its survey.expired event (the send's state, no token).</summary>
    private static readonly string ExpireSql =
        $$"""
        WITH expired AS (
            UPDATE survey_sends SET status = 'expired', updated_at = {0}
            WHERE id IN (SELECT id FROM survey_sends WHERE status = 'sent' AND expires_at <= {0} ORDER BY id FOR UPDATE SKIP LOCKED)
            RETURNING *)
        INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, data)
        SELECT {{EventId}}, 'survey.expired', {0}, e.customer_id, 'survey-send', e.id, 'system',
               jsonb_build_object('state', {{SurveySendSql.State("e")}})
        FROM expired e ORDER BY e.id
        """;

    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await ExpireAsync(db, occurrence, cancellationToken);

    /// <summary>Expires every send still <c>sent</c> with expiresAt ≤ <paramref name="asOf"/>; returns how many.</summary>
    public static async Task<int> ExpireAsync(AppDbContext db, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [EventLog.AppendLockKey], cancellationToken);
        var expired = await db.Database.ExecuteSqlRawAsync(
            ExpireSql,
            [asOf.ToUniversalTime()],
            cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return expired;
    }
}
