using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Orders.Contracts;
using Mediator;

namespace CustomerRetention.Application.Orders.UpdateOrder;

/// <summary>Cancel or refund an order and/or change its notes.</summary>
public sealed record UpdateOrderCommand(Guid Id, UpdateOrderRequest Request, bool NotesGiven, uint? ExpectedVersion) : ICommand<OrderDto>;

public sealed class UpdateOrderHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock) : ICommandHandler<UpdateOrderCommand, OrderDto>
{
    public async ValueTask<OrderDto> Handle(UpdateOrderCommand command, CancellationToken cancellationToken)
    {
        var order = await OrderLookup.FindAsync(db.Orders, db, command.Id, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != order.Version)
        {
            throw new PreconditionFailedException();
        }

        var now = clock.UtcNowMicroseconds();
        if (command.Request.Status is { } status)
        {
            order.ChangeStatus(status, string.IsNullOrWhiteSpace(command.Request.StatusReason) ? null : command.Request.StatusReason.Trim(), now);
        }

        if (command.NotesGiven)
        {
            order.ChangeNotes(command.Request.Notes, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyConflictException) when (command.ExpectedVersion is not null)
        {
            throw new PreconditionFailedException();
        }

        return mapper.Map<OrderDto>(order);
    }
}
