using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.GetCustomerRfm;

/// <summary>A customer's RFM: the latest succeeded run's scores and the history over all succeeded runs.</summary>
public sealed record GetCustomerRfmQuery(Guid CustomerId) : IQuery<CustomerRfmDto>;

public sealed class GetCustomerRfmHandler(IApplicationDbContext db) : IQueryHandler<GetCustomerRfmQuery, CustomerRfmDto>
{
    public async ValueTask<CustomerRfmDto> Handle(GetCustomerRfmQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);
        var latest = await db.LatestSucceededAsync(cancellationToken);
        var history = await db.RfmResults.AsNoTracking()
            .Where(r => r.CustomerId == query.CustomerId)
            .Join(db.RfmRuns.Where(run => run.Status == JobStatus.Succeeded), r => r.RunId, run => run.Id, (r, run) => new { r, run.AsOf, run.CreatedAt })
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.r.RunId)
            .Select(x => new RfmScoreDto(x.r.RunId, x.AsOf, x.r.RecencyDays, x.r.Frequency, RfmResult.ToAmount(x.r.MonetaryCents), x.r.R, x.r.F, x.r.M, x.r.Segment.Key))
            .ToListAsync(cancellationToken);
        return new CustomerRfmDto(history.FirstOrDefault(h => h.RunId == latest?.Id), history);
    }
}
