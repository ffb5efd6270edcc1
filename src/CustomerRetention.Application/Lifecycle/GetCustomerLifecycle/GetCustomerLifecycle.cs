using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Lifecycle;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Lifecycle.GetCustomerLifecycle;

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
