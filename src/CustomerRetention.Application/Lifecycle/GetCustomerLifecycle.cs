using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Lifecycle;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Lifecycle;

/// <summary>The current stage, allowed next stages and per-stage durations from the history.</summary>
public sealed record GetCustomerLifecycleQuery(Guid CustomerId) : IQuery<CustomerLifecycleDto>;

public sealed class GetCustomerLifecycleHandler(IApplicationDbContext db, TimeProvider clock)
    : IQueryHandler<GetCustomerLifecycleQuery, CustomerLifecycleDto>
{
    public async ValueTask<CustomerLifecycleDto> Handle(GetCustomerLifecycleQuery query, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking()
            .Where(c => c.Id == query.CustomerId)
            .Select(c => new { c.LifecycleStage, c.StageEnteredAt })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Customer", query.CustomerId);
        var history = await db.StageTransitions.AsNoTracking()
            .Where(t => t.CustomerId == query.CustomerId)
            .OrderBy(t => t.OccurredAt).ThenBy(t => t.Id)
            .Select(t => new StageVisit(t.ToStage, t.OccurredAt))
            .ToListAsync(cancellationToken);

        return new CustomerLifecycleDto(
            customer.LifecycleStage,
            customer.StageEnteredAt,
            LifecycleGraph.AllowedFrom(customer.LifecycleStage),
            StageStatistics.From(history, clock.GetUtcNow()));
    }
}

/// <summary>A stage entered at an instant (one history entry).</summary>
public sealed record StageVisit(LifecycleStage Stage, DateTimeOffset EnteredAt);

/// <summary>
/// Per-stage statistics from a history in chronological order: each entry is left when the next
/// one begins; the last one is still going on at <c>now</c>.
/// </summary>
public static class StageStatistics
{
    public static IReadOnlyList<StageStatsDto> From(IReadOnlyList<StageVisit> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        return LifecycleGraph.Stages.Select(stage =>
        {
            DateTimeOffset? first = null, last = null, exited = null;
            var total = TimeSpan.Zero;
            for (var i = 0; i < history.Count; i++)
            {
                if (history[i].Stage != stage)
                {
                    continue;
                }

                var entered = history[i].EnteredAt;
                first ??= entered;
                last = entered;
                var end = i + 1 < history.Count ? history[i + 1].EnteredAt : (DateTimeOffset?)null;
                if (end is not null)
                {
                    exited = end;
                }

                total += (end ?? (now > entered ? now : entered)) - entered;
            }

            return new StageStatsDto(stage, first, last, exited, total.TotalDays);
        }).ToArray();
    }
}
