using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.ListCadencePolicies;

/// <summary>Every cadence policy, newest first.</summary>
public sealed record ListCadencePoliciesQuery(int? Limit, string? Cursor) : IQuery<Page<CadencePolicyDto>>;

public sealed class ListCadencePoliciesHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors)
    : IQueryHandler<ListCadencePoliciesQuery, Page<CadencePolicyDto>>
{
    private const string Scope = "cadence-policies";

    public async ValueTask<Page<CadencePolicyDto>> Handle(ListCadencePoliciesQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.CadencePolicies.AsNoTracking()
            .NewestFirst(p => p.CreatedAt, p => p.Id, cursors.DecodeOrThrow(query.Cursor, Scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<CadencePolicyDto>, p => cursors.Encode(new TimeCursor(Scope, p.CreatedAt, p.Id)));
    }
}
