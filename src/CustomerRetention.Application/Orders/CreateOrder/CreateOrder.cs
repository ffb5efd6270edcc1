using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Orders.Contracts;
using Mediator;

namespace CustomerRetention.Application.Orders.CreateOrder;

/// <summary>
/// Record an order. The order raises <c>order.created</c>; Lifecycle reacts to it in the same
/// transaction with the automatic transitions of a completed order (first purchase, win-back).
/// </summary>
public sealed record CreateOrderCommand(Guid CustomerId, CreateOrderRequest Request) : ICommand<OrderDto>;

public sealed class CreateOrderHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, OrderSettings settings, IOwnerScope scope)
    : ICommandHandler<CreateOrderCommand, OrderDto>
{
    public async ValueTask<OrderDto> Handle(CreateOrderCommand command, CancellationToken cancellationToken)
    {
        var order = await OrderWrites.CreateAsync(
            db, scope, command.CustomerId, OrderWrites.DetailsOf(command.Request, settings), clock.UtcNowMicroseconds(), cancellationToken);
        return mapper.Map<OrderDto>(order);
    }
}
