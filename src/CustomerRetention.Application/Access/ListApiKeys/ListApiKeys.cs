using AutoMapper;
using CustomerRetention.Application.Access.Contracts;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Access.ListApiKeys;

/// <summary>Every API key, revoked ones included (with <c>revokedAt</c>), newest first; never a key's text.</summary>
public sealed record ListApiKeysQuery(int? Limit, string? Cursor) : IQuery<Page<ApiKeyDto>>;

public sealed class ListApiKeysHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListApiKeysQuery, Page<ApiKeyDto>>
{
    public async ValueTask<Page<ApiKeyDto>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.ApiKeys.AsNoTracking()
            .NewestFirst(k => k.CreatedAt, k => k.Id, cursors.DecodeOrThrow(query.Cursor, "api-keys"), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<ApiKeyDto>, k => cursors.Encode(new TimeCursor("api-keys", k.CreatedAt, k.Id)));
    }
}
