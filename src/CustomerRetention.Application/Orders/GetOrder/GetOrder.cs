using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Orders.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders.GetOrder;

/// <summary>One order (orders of archived customers are not found).</summary>
public sealed record GetOrderQuery(Guid Id) : IQuery<OrderDto>;

public sealed class GetOrderHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetOrderQuery, OrderDto>
{
    public async ValueTask<OrderDto> Handle(GetOrderQuery query, CancellationToken cancellationToken) =>
        mapper.Map<OrderDto>(await OrderLookup.FindAsync(db.Orders.AsNoTracking(), db, query.Id, cancellationToken));
}
