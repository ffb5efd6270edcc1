using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Orders;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders;

/// <summary>
/// Record an order. A completed order applies the automatic lifecycle transitions of SPEC §3 in
/// the same transaction; the customer's row is locked first, so concurrent orders of one
/// customer are applied one after the other and never produce two "first purchase" transitions.
/// </summary>
public sealed record CreateOrderCommand(Guid CustomerId, CreateOrderRequest Request) : ICommand<OrderDto>;

public sealed class CreateOrderValidator : AbstractValidator<CreateOrderCommand>
{
    public CreateOrderValidator(TimeProvider clock, OrderSettings settings) =>
        RuleFor(x => x.Request).SetValidator(new CreateOrderRequestValidator(clock, settings)).OverridePropertyName(string.Empty);
}

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

/// <summary>One order (orders of archived customers are not found).</summary>
public sealed record GetOrderQuery(Guid Id) : IQuery<OrderDto>;

public sealed class GetOrderHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetOrderQuery, OrderDto>
{
    public async ValueTask<OrderDto> Handle(GetOrderQuery query, CancellationToken cancellationToken) =>
        mapper.Map<OrderDto>(await OrderLookup.FindAsync(db.Orders.AsNoTracking(), db, query.Id, cancellationToken));
}

/// <summary>Cancel or refund an order and/or change its notes.</summary>
public sealed record UpdateOrderCommand(Guid Id, UpdateOrderRequest Request, bool NotesGiven, uint? ExpectedVersion) : ICommand<OrderDto>;

public sealed class UpdateOrderValidator : AbstractValidator<UpdateOrderCommand>
{
    public UpdateOrderValidator() =>
        RuleFor(x => x.Request).SetValidator(new UpdateOrderRequestValidator()).OverridePropertyName(string.Empty);
}

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

/// <summary>A customer's orders, newest first, filtered by status and a half-open time range [from, to).</summary>
public sealed record ListOrdersQuery(Guid CustomerId, OrderStatus? Status, DateTimeOffset? From, DateTimeOffset? To, int? Limit, string? Cursor)
    : IQuery<Page<OrderDto>>;

public sealed class ListOrdersValidator : AbstractValidator<ListOrdersQuery>
{
    public ListOrdersValidator()
    {
        Include(new PageRequestValidator<ListOrdersQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.To).Must((q, to) => q.From is null || to is null || q.From < to).WithMessage("'from' must be before 'to'.");
    }
}

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

internal static class OrderLookup
{
    public static async Task<Order> FindAsync(IQueryable<Order> orders, IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        await orders.FirstOrDefaultAsync(o => o.Id == id && db.Customers.Any(c => c.Id == o.CustomerId), cancellationToken)
        ?? throw new NotFoundException("Order", id);
}
