using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Orders;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders.ListOrders;

/// <summary>A customer's orders, newest first, filtered by status and a half-open time range [from, to).</summary>
public sealed record ListOrdersQuery(Guid CustomerId, OrderStatus? Status, DateTimeOffset? From, DateTimeOffset? To, int? Limit, string? Cursor)
    : IQuery<Page<OrderDto>>;

public sealed class ListOrdersHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListOrdersQuery, Page<OrderDto>>
{
    public async ValueTask<Page<OrderDto>> Handle(ListOrdersQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);

        var scope = $"orders:{query.CustomerId}:{query.Status}:{query.From?.UtcTicks}:{query.To?.UtcTicks}";
        var orders = db.Orders.AsNoTracking().Where(o => o.CustomerId == query.CustomerId);
        if (query.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (query.From is { } from)
        {
            orders = orders.Where(o => o.OrderedAt >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            orders = orders.Where(o => o.OrderedAt < to.ToUniversalTime());
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await orders
            .NewestFirst(o => o.OrderedAt, o => o.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<OrderDto>, r => cursors.Encode(new TimeCursor(scope, r.OrderedAt, r.Id)));
    }
}
