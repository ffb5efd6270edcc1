using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.GetSegments;

/// <summary>Per-segment counts, revenue and averages of one run (SPEC §7).</summary>
public sealed record GetSegmentsQuery(Guid? RunId) : IQuery<SegmentsDto>;

public sealed class GetSegmentsHandler(IApplicationDbContext db) : IQueryHandler<GetSegmentsQuery, SegmentsDto>
{
    public async ValueTask<SegmentsDto> Handle(GetSegmentsQuery query, CancellationToken cancellationToken)
    {
        var run = await db.ResolveAsync(query.RunId, cancellationToken);
        var stats = await db.RfmResults.AsNoTracking()
            .Where(r => r.RunId == run.Id)
            .GroupBy(r => r.Segment.Key)
            .Select(g => new
            {
                Segment = g.Key,
                Customers = g.Count(),
                RevenueCents = g.Sum(r => r.MonetaryCents),
                AvgRecency = g.Average(r => (double)r.RecencyDays),
                AvgFrequency = g.Average(r => (double)r.Frequency),
            })
            .ToListAsync(cancellationToken);

        var total = stats.Sum(s => s.Customers);
        var revenue = RfmResult.ToAmount(stats.Sum(s => s.RevenueCents));
        var bySegment = stats.ToDictionary(s => s.Segment, StringComparer.Ordinal);
        var order = (run.SegmentMap ?? RfmScoring.DefaultSegmentMap).Select(c => c.Segment).Distinct(StringComparer.Ordinal);
        var segments = order.Select(segment => bySegment.TryGetValue(segment, out var s)
                ? new SegmentSummaryDto(
                    segment,
                    s.Customers,
                    Ratio(s.Customers, total),
                    RfmResult.ToAmount(s.RevenueCents),
                    revenue == 0 ? 0 : (double)(RfmResult.ToAmount(s.RevenueCents) / revenue),
                    s.AvgRecency,
                    s.AvgFrequency,
                    RfmResult.ToAmount((long)decimal.Round((decimal)s.RevenueCents / s.Customers))) // to the cent
                : new SegmentSummaryDto(segment, 0, 0, 0, 0, null, null, null))
            .OrderByDescending(s => s.Customers).ThenBy(s => s.Segment, StringComparer.Ordinal)
            .ToList();
        return new SegmentsDto(run.Id, run.AsOf, total, segments);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
