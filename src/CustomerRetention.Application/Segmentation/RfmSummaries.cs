using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation;

/// <summary>The <c>rfm</c> projection on customer resources: scores of the latest succeeded run.</summary>
internal static class RfmSummaries
{
    public static async Task<CustomerDto> WithRfmAsync(this IApplicationDbContext db, CustomerDto customer, CancellationToken cancellationToken) =>
        (await db.WithRfmAsync([customer], cancellationToken))[0];

    public static async Task<IReadOnlyList<CustomerDto>> WithRfmAsync(this IApplicationDbContext db, IReadOnlyList<CustomerDto> customers, CancellationToken cancellationToken)
    {
        var run = await db.LatestSucceededAsync(cancellationToken);
        if (run is null || customers.Count == 0)
        {
            return customers;
        }

        var ids = customers.Select(c => c.Id).ToList();
        var scores = await db.RfmResults.AsNoTracking()
            .Where(r => r.RunId == run.Id && ids.Contains(r.CustomerId))
            .Select(r => new { r.CustomerId, r.RecencyDays, r.Frequency, r.MonetaryCents, r.R, r.F, r.M, Segment = r.Segment.Key })
            .ToDictionaryAsync(r => r.CustomerId, cancellationToken);
        return customers
            .Select(c => scores.TryGetValue(c.Id, out var r)
                ? c with { Rfm = new RfmScoreDto(run.Id, run.AsOf, r.RecencyDays, r.Frequency, RfmResult.ToAmount(r.MonetaryCents), r.R, r.F, r.M, r.Segment) }
                : c)
            .ToList();
    }
}
