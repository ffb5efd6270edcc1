using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.ListRfmRuns;

/// <summary>Runs, newest first.</summary>
public sealed record ListRfmRunsQuery(int? Limit, string? Cursor) : IQuery<Page<RfmRunDto>>;

public sealed class ListRfmRunsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListRfmRunsQuery, Page<RfmRunDto>>
{
    public async ValueTask<Page<RfmRunDto>> Handle(ListRfmRunsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.RfmRuns.AsNoTracking()
            .NewestFirst(r => r.CreatedAt, r => r.Id, cursors.DecodeOrThrow(query.Cursor, "rfm-runs"), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<RfmRunDto>, r => cursors.Encode(new TimeCursor("rfm-runs", r.CreatedAt, r.Id)));
    }
}
