using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Domain.Interactions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Interactions.ListInteractions;

/// <summary>A customer's interactions, newest first, filtered by channel, type and a half-open time range [from, to).</summary>
public sealed record ListInteractionsQuery(
    Guid CustomerId,
    InteractionChannel? Channel,
    InteractionType? Type,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Limit,
    string? Cursor) : IQuery<Page<InteractionDto>>;

public sealed class ListInteractionsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors)
    : IQueryHandler<ListInteractionsQuery, Page<InteractionDto>>
{
    public async ValueTask<Page<InteractionDto>> Handle(ListInteractionsQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);

        var scope = $"interactions:{query.CustomerId}:{query.Channel}:{query.Type}:{query.From?.UtcTicks}:{query.To?.UtcTicks}";
        var interactions = db.Interactions.AsNoTracking().Where(i => i.CustomerId == query.CustomerId && i.DeletedAt == null);
        if (query.Channel is { } channel)
        {
            interactions = interactions.Where(i => i.Channel == channel);
        }

        if (query.Type is { } type)
        {
            interactions = interactions.Where(i => i.Type == type);
        }

        if (query.From is { } from)
        {
            interactions = interactions.Where(i => i.OccurredAt >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            interactions = interactions.Where(i => i.OccurredAt < to.ToUniversalTime());
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await interactions
            .NewestFirst(i => i.OccurredAt, i => i.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<InteractionDto>, r => cursors.Encode(new TimeCursor(scope, r.OccurredAt, r.Id)));
    }
}
