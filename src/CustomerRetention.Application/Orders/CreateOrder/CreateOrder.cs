using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Orders;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders.CreateOrder;

/// <summary>
/// Record an order. A completed order applies the automatic lifecycle transitions of SPEC §3 in
/// the same transaction; the customer's row is locked first, so concurrent orders of one
/// customer are applied one after the other and never produce two "first purchase" transitions.
/// </summary>
public sealed record CreateOrderCommand(Guid CustomerId, CreateOrderRequest Request) : ICommand<OrderDto>;

public sealed class CreateOrderHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, OrderSettings settings)
    : ICommandHandler<CreateOrderCommand, OrderDto>
{
    public const string DuplicateCode = "duplicate-order";

    public async ValueTask<OrderDto> Handle(CreateOrderCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var details = new OrderDetails(
            string.IsNullOrWhiteSpace(request.ExternalId) ? null : request.ExternalId.Trim(),
            request.OrderedAt!.Value.ToMicroseconds(),
            request.Status ?? OrderStatus.Completed,
            request.Amount!.Value,
            settings.Currency,
            request.Items?.Select(i => new OrderItem(i!.Sku!.Trim(), i.Name, i.Category, i.Quantity!.Value, i.UnitPrice!.Value)).ToArray() ?? [],
            request.Channel,
            request.Notes);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await db.LockCustomerAsync(command.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Customer", command.CustomerId);
        await ThrowIfDuplicateAsync(details.ExternalId, cancellationToken);

        var now = clock.UtcNowMicroseconds();
        var order = Order.Create(customer.Id, details, now);
        db.Orders.Add(order);
        if (order.IsCompleted)
        {
            customer.RecordCompletedOrder(order.OrderedAt, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            await transaction.RollbackAsync(cancellationToken);
            await ThrowIfDuplicateAsync(details.ExternalId, cancellationToken);
            throw;
        }

        await transaction.CommitAsync(cancellationToken);
        return mapper.Map<OrderDto>(order);
    }

    private async Task ThrowIfDuplicateAsync(string? externalId, CancellationToken cancellationToken)
    {
        if (externalId is null)
        {
            return;
        }

        var existing = await db.Orders.AsNoTracking().Where(o => o.ExternalId == externalId).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            throw new DomainException(
                DuplicateCode,
                $"An order with externalId '{externalId}' already exists: {id}.",
                new Dictionary<string, object?> { ["existingOrderId"] = id });
        }
    }
}
