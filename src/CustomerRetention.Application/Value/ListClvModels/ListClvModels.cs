using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Value.ListClvModels;

/// <summary>CLV models, newest first.</summary>
public sealed record ListClvModelsQuery(int? Limit, string? Cursor) : IQuery<Page<ClvModelDto>>;

public sealed class ListClvModelsHandler(IApplicationDbContext db, ICursorCodec cursors) : IQueryHandler<ListClvModelsQuery, Page<ClvModelDto>>
{
    public async ValueTask<Page<ClvModelDto>> Handle(ListClvModelsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.ClvModels.AsNoTracking()
            .NewestFirst(m => m.CreatedAt, m => m.Id, cursors.DecodeOrThrow(query.Cursor, "clv-models"), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, ClvModelDto.From, m => cursors.Encode(new TimeCursor("clv-models", m.CreatedAt, m.Id)));
    }
}
