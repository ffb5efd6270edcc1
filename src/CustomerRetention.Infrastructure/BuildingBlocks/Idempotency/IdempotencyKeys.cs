using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

/// <summary>What a claim found: the key is now this request's, or another request's record.</summary>
public sealed record IdempotencyClaim(Guid? ClaimId, IdempotencyKeyRecord? Existing);

/// <summary>The response a finished request leaves for its repeats.</summary>
public sealed record StoredResponse(int Status, string? Location, string? ETag, string? ContentType, byte[] Body);

/// <summary>
/// The <c>idempotency_keys</c> table (ADR 20). Claims, completions and releases are statements of
/// their own (autocommit, outside any business transaction); only the "committed" mark is written
/// inside the request's unit of work (<see cref="PendingIdempotencyKey"/>).
/// </summary>
public sealed class IdempotencyKeys(AppDbContext db, IdempotencyOptions options, TimeProvider clock)
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="caller"/> in one statement: a new row, or a
    /// row that expired or whose attempt was abandoned, becomes this request's; otherwise the
    /// existing record is returned for the caller to compare and replay.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(string caller, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        var claimId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var expires = now.AddHours(options.RetentionHours);
        var abandoned = now - IdempotencyOptions.AbandonedAfter;
        var claimed = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO idempotency_keys (caller, key, claim_id, fingerprint, status, created_at, expires_at)
            VALUES ({caller}, {key}, {claimId}, {fingerprint}, {IdempotencyKeyRecord.InFlight}, {now}, {expires})
            ON CONFLICT (caller, key) DO UPDATE
            SET claim_id = excluded.claim_id, fingerprint = excluded.fingerprint, status = excluded.status,
                response_status = NULL, response_location = NULL, response_etag = NULL, response_content_type = NULL, response_body = NULL,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            WHERE idempotency_keys.expires_at <= {now}
               OR (idempotency_keys.status = {IdempotencyKeyRecord.InFlight} AND idempotency_keys.created_at < {abandoned})
            """,
            cancellationToken);
        if (claimed == 1)
        {
            return new IdempotencyClaim(claimId, null);
        }

        var existing = await db.Set<IdempotencyKeyRecord>().AsNoTracking()
            .FirstOrDefaultAsync(k => k.Caller == caller && k.Key == key, cancellationToken);

        // Gone between the two statements (released by its attempt, or removed by the clean-up): claim again.
        return existing is not null ? new IdempotencyClaim(null, existing) : await ClaimAsync(caller, key, fingerprint, cancellationToken);
    }

    /// <summary>Stores the answer of the attempt that holds <paramref name="claimId"/>, for its repeats.</summary>
    public Task CompleteAsync(Guid claimId, StoredResponse response, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            UPDATE idempotency_keys
            SET status = {IdempotencyKeyRecord.Completed}, response_status = {response.Status}, response_location = {response.Location},
                response_etag = {response.ETag}, response_content_type = {response.ContentType}, response_body = {response.Body}
            WHERE claim_id = {claimId}
            """,
            cancellationToken);

    /// <summary>
    /// Gives the key back when the attempt changed nothing that committed (it failed with a 5xx, was
    /// rate limited or aborted), so a retry runs afresh. A claim whose change committed is kept.
    /// </summary>
    public Task ReleaseAsync(Guid claimId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"DELETE FROM idempotency_keys WHERE claim_id = {claimId} AND status = {IdempotencyKeyRecord.InFlight}",
            cancellationToken);
}
