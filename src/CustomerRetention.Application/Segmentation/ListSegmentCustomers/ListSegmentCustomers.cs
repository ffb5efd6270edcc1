using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.ListSegmentCustomers;

/// <summary>The customers of one segment in a run, highest monetary first, keyset-paginated.</summary>
public sealed record ListSegmentCustomersQuery(string Segment, Guid? RunId, int? Limit, string? Cursor) : IQuery<Page<SegmentCustomerDto>>;

internal sealed record SegmentCursor(string Scope, long MonetaryCents, Guid CustomerId);

public sealed class ListSegmentCustomersHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListSegmentCustomersQuery, Page<SegmentCustomerDto>>
{
    public async ValueTask<Page<SegmentCustomerDto>> Handle(ListSegmentCustomersQuery query, CancellationToken cancellationToken)
    {
        var run = await db.ResolveAsync(query.RunId, cancellationToken);
        if (run.SegmentMap is { } map && map.All(c => c.Segment != query.Segment))
        {
            throw new NotFoundException($"Segment '{query.Segment}' is not in the segment map of run {run.Id}.");
        }

        var scope = $"segment:{run.Id}:{query.Segment}";
        SegmentCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        // The segment's id, looked up first so that the page walks the run's
        // (segment_id, monetary_cents DESC, customer_id) index.
        var segmentId = await db.RfmSegments.Where(s => s.Key == query.Segment).Select(s => (short?)s.Id).FirstOrDefaultAsync(cancellationToken);
        var results = db.RfmResults.AsNoTracking().Where(r => r.RunId == run.Id && r.SegmentId == segmentId);
        if (after is not null)
        {
            results = results.Where(r => r.MonetaryCents < after.MonetaryCents || (r.MonetaryCents == after.MonetaryCents && r.CustomerId.CompareTo(after.CustomerId) > 0));
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await results
            .OrderByDescending(r => r.MonetaryCents).ThenBy(r => r.CustomerId)
            .Join(db.Customers, r => r.CustomerId, c => c.Id, (r, c) => new { c.Id, c.Name, r.RecencyDays, r.Frequency, r.MonetaryCents, r.R, r.F, r.M })
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        return Keyset.Page(
            rows,
            limit,
            r => new SegmentCustomerDto(r.Id, r.Name, r.RecencyDays, r.Frequency, RfmResult.ToAmount(r.MonetaryCents), r.R, r.F, r.M, query.Segment),
            r => cursors.Encode(new SegmentCursor(scope, r.MonetaryCents, r.Id)));
    }
}
