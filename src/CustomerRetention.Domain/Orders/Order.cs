using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Orders;

public enum OrderStatus
{
    Completed = 1,
    Cancelled = 2,
    Refunded = 3,
}

public enum OrderChannel
{
    Online = 1,
    Store = 2,
    Phone = 3,
    Partner = 4,
    Other = 5,
}

/// <summary>One line of an order.</summary>
public sealed record OrderItem(string Sku, string? Name, string? Category, int Quantity, decimal UnitPrice);

/// <summary>What a client sets when recording an order.</summary>
public sealed record OrderDetails(
    string? ExternalId,
    DateTimeOffset OrderedAt,
    OrderStatus Status,
    decimal Amount,
    string Currency,
    IReadOnlyList<OrderItem> Items,
    OrderChannel? Channel,
    string? Notes);

/// <summary>The bounds of SPEC §5.</summary>
public static class OrderLimits
{
    public const int ExternalIdMaxLength = 100;
    public const int SkuMaxLength = 100;
    public const int ItemNameMaxLength = 200;
    public const int CategoryMaxLength = 100;
    public const int MaxItems = 1000;
    public const int NotesMaxLength = 2000;
    public const int StatusReasonMaxLength = 500;
    public const decimal MaxAmount = 9_999_999_999.99m;
}

/// <summary>
/// One purchase (SPEC §5). Only completed orders count for RFM, CLV and analytics; cancelling or
/// refunding is a recorded status change.
/// </summary>
public sealed class Order : AggregateRoot
{
    public const string StatusChangeNotAllowedCode = "order-status-change-not-allowed";

    private List<OrderItem> _items = [];

    private Order()
    {
        Currency = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public string? ExternalId { get; private set; }

    public DateTimeOffset OrderedAt { get; private set; }

    public OrderStatus Status { get; private set; }

    public decimal Amount { get; private set; }

    public string Currency { get; private set; }

    public IReadOnlyList<OrderItem> Items => _items;

    public OrderChannel? Channel { get; private set; }

    public string? Notes { get; private set; }

    /// <summary>When the status last changed after the order was recorded (cancel or refund).</summary>
    public DateTimeOffset? StatusChangedAt { get; private set; }

    public string? StatusReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public bool IsCompleted => Status == OrderStatus.Completed;

    /// <summary>Records an order. When items are given, the amount must equal Σ quantity × unit price.</summary>
    public static Order Create(Guid customerId, OrderDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.OrderedAt > now)
        {
            throw new DomainValidationException("orderedAt", "An order cannot be placed in the future.");
        }

        if (details.Amount < 0 || decimal.Round(details.Amount, 2) != details.Amount)
        {
            throw new DomainValidationException("amount", "The amount is a non-negative number with at most two decimals.");
        }

        if (details.Items.Count > 0)
        {
            var total = details.Items.Sum(i => i.Quantity * i.UnitPrice);
            if (total != details.Amount)
            {
                throw new DomainValidationException(
                    "amount",
                    $"The amount {details.Amount:0.00} does not equal the items' total {total:0.00} (Σ quantity × unitPrice).");
            }
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            ExternalId = details.ExternalId,
            OrderedAt = details.OrderedAt,
            Status = details.Status,
            Amount = details.Amount,
            Currency = details.Currency,
            _items = [.. details.Items],
            Channel = details.Channel,
            Notes = details.Notes,
            CreatedAt = now,
            UpdatedAt = now,
        };
        order.Raise(new OrderRecorded(order, now));
        return order;
    }

    /// <summary>A completed order may be cancelled or refunded; nothing else changes status.</summary>
    public void ChangeStatus(OrderStatus status, string? reason, DateTimeOffset now)
    {
        if (status == Status)
        {
            return;
        }

        if (Status != OrderStatus.Completed || status == OrderStatus.Completed)
        {
            throw new DomainException(
                StatusChangeNotAllowedCode,
                $"An order that is '{Status.ToString().ToLowerInvariant()}' cannot become '{status.ToString().ToLowerInvariant()}': only completed orders can be cancelled or refunded.",
                new Dictionary<string, object?> { ["currentStatus"] = Status.ToString().ToLowerInvariant() });
        }

        var from = Status;
        Status = status;
        StatusReason = reason;
        StatusChangedAt = now;
        UpdatedAt = now;
        Raise(new OrderStatusChanged(this, from, now));
    }

    /// <summary>Changes the notes; the same notes change nothing and raise no event.</summary>
    public void ChangeNotes(string? notes, DateTimeOffset now)
    {
        var changes = new FieldChanges().Compare("notes", Notes, notes);
        if (!changes.Any)
        {
            return;
        }

        Notes = notes;
        UpdatedAt = now;
        Raise(new OrderUpdated(this, changes.Names, changes.Previous, now));
    }

    public const string FieldImmutableCode = "order-field-immutable";

    /// <summary>
    /// Refuses details that differ from the recorded order in what never changes once recorded
    /// (SPEC §5): its customer, time, amount, currency, and — when given — items and channel. Only
    /// the status (cancelled or refunded) and the notes of an order change.
    /// </summary>
    public void EnsureSameRecord(Guid customerId, OrderDetails details, bool itemsGiven, bool channelGiven)
    {
        ArgumentNullException.ThrowIfNull(details);
        var field = customerId != CustomerId ? "customerId"
            : details.OrderedAt != OrderedAt ? "orderedAt"
            : details.Amount != Amount ? "amount"
            : !string.Equals(details.Currency, Currency, StringComparison.Ordinal) ? "currency"
            : itemsGiven && !details.Items.SequenceEqual(_items) ? "items"
            : channelGiven && details.Channel != Channel ? "channel"
            : null;
        if (field is not null)
        {
            throw new DomainException(
                FieldImmutableCode,
                $"Order {Id} (externalId '{ExternalId}') already records a different {field}: an order's {field} cannot change; only its status (cancelled or refunded) and notes can.",
                new Dictionary<string, object?> { ["field"] = field });
        }
    }
}
