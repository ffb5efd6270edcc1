using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.Cases;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Infrastructure.Cases;

/// <summary>
/// Lets SLA time pass when the schedule fires, in the transaction that records the firing: the
/// cases whose next check (<c>sla_next_check_at</c>, the earliest warning or due time of a running
/// target) has come are locked a batch at a time (<c>FOR UPDATE SKIP LOCKED</c>, so a second
/// scheduler skips them), advanced through the aggregate, and saved with their events. A request
/// changing one of them meanwhile waits for the lock and then fails its row-version check (409
/// <c>concurrent-modification</c>, to retry) rather than undoing the tick. Archived customers' cases are left alone.
/// </summary>
public sealed class SlaTick(AppDbContext db, TimeProvider clock) : IScheduledJob<SlaTickJob>
{
    private const int Batch = 200;

    /// <summary>At most this many batches per firing; the rest wait for the next minute.</summary>
    private const int MaxBatches = 50;

    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await TickAsync(db, clock.UtcNowMicroseconds(), cancellationToken);

    /// <summary>Advances every case due a check at <paramref name="now"/>; returns how many cases it advanced.</summary>
    public static async Task<int> TickAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var advanced = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var ids = await db.Database.SqlQueryRaw<Guid>(
                    """
                    SELECT c.id AS "Value" FROM cases c
                    JOIN customers u ON u.id = c.customer_id AND u.archived_at IS NULL
                    WHERE c.sla_next_check_at <= {0}
                    ORDER BY c.sla_next_check_at, c.id
                    LIMIT {1}
                    FOR UPDATE OF c SKIP LOCKED
                    """,
                    now.ToUniversalTime(),
                    Batch)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            var cases = await db.Cases.IgnoreQueryFilters().Include(c => c.SlaTargets).Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
            foreach (var supportCase in cases)
            {
                supportCase.AdvanceSla(now);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            advanced += cases.Count;
            if (ids.Count < Batch)
            {
                break;
            }
        }

        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return advanced;
    }
}
