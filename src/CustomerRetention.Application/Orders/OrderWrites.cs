using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Orders;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders;

/// <summary>
/// Recording an order, shared by a single create and a batch item: the customer must be live and
/// visible, and an externalId already used is a <c>duplicate-order</c>, checked before saving and
/// again from the unique index's refusal when two requests race. The order raises
/// <c>order.created</c>; Lifecycle reacts with the automatic transitions in the same transaction.
/// </summary>
internal static class OrderWrites
{
    public const string DuplicateCode = "duplicate-order";

    private static readonly string[] OwnerFilterOnly = [QueryFilters.Owner];

    /// <summary>The domain's details of a validated order body.</summary>
    public static OrderDetails DetailsOf(CreateOrderRequest request, OrderSettings settings) => new(
        string.IsNullOrWhiteSpace(request.ExternalId) ? null : request.ExternalId.Trim(),
        request.OrderedAt!.Value.ToMicroseconds(),
        request.Status ?? OrderStatus.Completed,
        request.Amount!.Value,
        settings.Currency,
        request.Items?.Select(i => new OrderItem(i!.Sku!.Trim(), i.Name, i.Category, i.Quantity!.Value, i.UnitPrice!.Value)).ToArray() ?? [],
        request.Channel,
        request.Notes);

    public static async Task<Order> CreateAsync(
        IApplicationDbContext db, IOwnerScope scope, Guid customerId, OrderDetails details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(customerId, cancellationToken);
        await ThrowIfDuplicateAsync(db, scope, details.ExternalId, cancellationToken);

        var order = Order.Create(customerId, details, now);
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            await ThrowIfDuplicateAsync(db, scope, details.ExternalId, cancellationToken);
            throw;
        }

        return order;
    }

    private static async Task ThrowIfDuplicateAsync(IApplicationDbContext db, IOwnerScope scope, string? externalId, CancellationToken cancellationToken)
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
