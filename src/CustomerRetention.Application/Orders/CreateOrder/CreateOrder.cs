using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Orders;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders.CreateOrder;

/// <summary>
/// Record an order. The order raises <c>order.created</c>; Lifecycle reacts to it in the same
/// transaction with the automatic transitions of a completed order (first purchase, win-back).
/// </summary>
public sealed record CreateOrderCommand(Guid CustomerId, CreateOrderRequest Request) : ICommand<OrderDto>;

public sealed class CreateOrderHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, OrderSettings settings, IOwnerScope scope)
    : ICommandHandler<CreateOrderCommand, OrderDto>
{
    public const string DuplicateCode = "duplicate-order";

    private static readonly string[] OwnerFilterOnly = [QueryFilters.Owner];

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

        await db.EnsureLiveAsync(command.CustomerId, cancellationToken);
        await ThrowIfDuplicateAsync(details.ExternalId, cancellationToken);

        var order = Order.Create(command.CustomerId, details, clock.UtcNowMicroseconds());
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            await ThrowIfDuplicateAsync(details.ExternalId, cancellationToken);
            throw;
        }

        return mapper.Map<OrderDto>(order);
    }

    private async Task ThrowIfDuplicateAsync(string? externalId, CancellationToken cancellationToken)
    {
        if (externalId is null)
        {
            return;
        }

        // Across owners, as the unique index is; another owner's order is not named to an agent.
        var existing = await db.Orders.IgnoreQueryFilters(OwnerFilterOnly).AsNoTracking()
            .Where(o => o.ExternalId == externalId)
            .Select(o => new { o.Id, o.CustomerId })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null && scope.OwnerId is not null && !await db.IsVisibleAsync(existing.CustomerId, cancellationToken))
        {
            throw new DomainException(DuplicateCode, $"An order with externalId '{externalId}' already exists for another owner's customer.");
        }

        if (existing is not null)
        {
            throw new DomainException(
                DuplicateCode,
                $"An order with externalId '{externalId}' already exists: {existing.Id}.",
                new Dictionary<string, object?> { ["existingOrderId"] = existing.Id });
        }
    }
}
