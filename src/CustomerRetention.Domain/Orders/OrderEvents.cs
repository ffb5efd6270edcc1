using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Orders;

/// <summary><c>order.created</c>: a purchase was recorded (in any status).</summary>
public sealed record OrderRecorded(Order Order, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "order.created";

    public string Type => EventType;

    public Guid? CustomerId => Order.CustomerId;

    public ResourceRef Resource => new("order", Order.Id);

    /// <summary>The buyer (always set; <see cref="CustomerId"/> is the log's nullable view of it).</summary>
    public Guid BuyerId => Order.CustomerId;

    public DateTimeOffset OrderedAt => Order.OrderedAt;

    /// <summary>Only completed orders count as purchases (first purchase, win-back).</summary>
    public bool IsCompleted => Order.IsCompleted;
}

/// <summary><c>order.status-changed</c>: a completed order was cancelled or refunded.</summary>
public sealed record OrderStatusChanged(Order Order, OrderStatus From, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "order.status-changed";

    public string Type => EventType;

    public Guid? CustomerId => Order.CustomerId;

    public ResourceRef Resource => new("order", Order.Id);
}

/// <summary>
/// <c>order.updated</c>: fields other than the status changed (today only <c>notes</c>), with their
/// values before the change in <see cref="Previous"/>.
/// </summary>
public sealed record OrderUpdated(Order Order, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "order.updated";

    public string Type => EventType;

    public Guid? CustomerId => Order.CustomerId;

    public ResourceRef Resource => new("order", Order.Id);
}
