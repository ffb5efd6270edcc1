using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Value;

/// <summary>
/// What a customer has spent so far (SPEC §8, historic CLV), from completed orders only; always
/// available, no model needed.
/// </summary>
public sealed record HistoricValueDto(
    int Orders,
    decimal Revenue,
    DateTimeOffset? FirstOrderAt,
    DateTimeOffset? LastOrderAt,
    decimal? AverageOrderValue,
    double? AverageDaysBetweenOrders);

/// <summary>A customer's value: <c>historic</c> always; <c>predicted</c> from the latest succeeded CLV model.</summary>
public sealed record CustomerValueDto(HistoricValueDto Historic, PredictedValueDto? Predicted);

/// <summary>
/// The predicted part (SPEC §8.2), from the latest succeeded CLV model; null while none has
/// succeeded or when that model did not include the customer (no completed order by its calibration end).
/// </summary>
public sealed record PredictedValueDto(
    Guid ModelId,
    double PAlive,
    double ExpectedPurchases,
    decimal ExpectedAverageOrderValue,
    decimal Clv,
    string ChurnRisk);

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
