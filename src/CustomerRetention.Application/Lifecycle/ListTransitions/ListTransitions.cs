using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Lifecycle.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Lifecycle.ListTransitions;

/// <summary>A customer's stage history, newest first, keyset-paginated.</summary>
public sealed record ListTransitionsQuery(Guid CustomerId, int? Limit, string? Cursor) : IQuery<Page<StageTransitionDto>>;

public sealed class ListTransitionsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors)
    : IQueryHandler<ListTransitionsQuery, Page<StageTransitionDto>>
{
    public async ValueTask<Page<StageTransitionDto>> Handle(ListTransitionsQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);

        var after = cursors.DecodeOrThrow(query.Cursor, $"transitions:{query.CustomerId}");
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.StageTransitions.AsNoTracking()
            .Where(t => t.CustomerId == query.CustomerId)
            .NewestFirst(t => t.OccurredAt, t => t.Id, after, limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, r => mapper.Map<StageTransitionDto>(r), r => cursors.Encode(new TimeCursor($"transitions:{query.CustomerId}", r.OccurredAt, r.Id)));
    }
}
