using CustomerRetention.Application.BuildingBlocks.Idempotency;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

/// <summary>
/// Removes the keys that expired when the schedule fires (one instance per occurrence). An expired
/// key is already treated as absent by a claim; removing it only keeps the table small.
/// </summary>
public sealed class IdempotencyKeyRetention(AppDbContext db) : IScheduledJob<IdempotencyKeyRetentionJob>
{
    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM idempotency_keys WHERE expires_at <= {occurrence}", cancellationToken);
}
