using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
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
        var run = await SegmentCustomerRows.ResolveRunAsync(db, query.Segment, query.RunId, cancellationToken);
        var scope = $"segment:{run.Id}:{query.Segment}";
        SegmentCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        var limit = query.Limit ?? PageLimits.Default;
        var results = await SegmentCustomerRows.QueryAsync(db, run, query.Segment, after is null ? null : (after.MonetaryCents, after.CustomerId), cancellationToken);
        var rows = await results.Take(limit + 1).ToListAsync(cancellationToken);
        return Keyset.Page(
            rows,
            limit,
            r => r.ToDto(query.Segment),
            r => cursors.Encode(new SegmentCursor(scope, r.MonetaryCents, r.Id)));
    }
}
