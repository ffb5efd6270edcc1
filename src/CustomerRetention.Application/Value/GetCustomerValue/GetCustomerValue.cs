using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Orders;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Value.GetCustomerValue;

public sealed record GetCustomerValueQuery(Guid CustomerId) : IQuery<CustomerValueDto>;

public sealed class GetCustomerValueHandler(IApplicationDbContext db) : IQueryHandler<GetCustomerValueQuery, CustomerValueDto>
{
    public async ValueTask<CustomerValueDto> Handle(GetCustomerValueQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);
        var stats = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == query.CustomerId && o.Status == OrderStatus.Completed)
            .GroupBy(o => o.CustomerId)
            .Select(g => new
            {
                Orders = g.Count(),
                Revenue = g.Sum(o => o.Amount),
                First = g.Min(o => o.OrderedAt),
                Last = g.Max(o => o.OrderedAt),
            })
            .FirstOrDefaultAsync(cancellationToken);

        var historic = stats is null
            ? new HistoricValueDto(0, 0m, null, null, null, null)
            : new HistoricValueDto(
                stats.Orders,
                stats.Revenue,
                stats.First,
                stats.Last,
                decimal.Round(stats.Revenue / stats.Orders, 2),
                stats.Orders < 2 ? null : (stats.Last - stats.First).TotalDays / (stats.Orders - 1));
        var predicted = await db.ClvModels.AsNoTracking()
            .Where(m => m.Status == JobStatus.Succeeded)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(1)
            .Join(db.ClvPredictions.Where(p => p.CustomerId == query.CustomerId), m => m.Id, p => p.ModelId, (m, p) => p)
            .Select(p => new PredictedValueDto(p.ModelId, p.PAlive, p.ExpectedPurchases, p.ExpectedAverageOrderValue, p.Clv, p.ChurnRisk))
            .FirstOrDefaultAsync(cancellationToken);
        return new CustomerValueDto(historic, predicted);
    }
}
