using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Orders;
using FluentValidation;

namespace CustomerRetention.Application.Orders;

/// <summary>The body of an order to record.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("customerId", ReadOnlyReasons.CustomerId)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public record CreateOrderRequest
{
    /// <summary>The ERP's order number; unique.</summary>
    public string? ExternalId { get; init; }

    /// <summary>When the order was placed (RFC 3339); not in the future. Required.</summary>
    public DateTimeOffset? OrderedAt { get; init; }

    /// <summary>completed (default), cancelled or refunded.</summary>
    public OrderStatus? Status { get; init; }

    /// <summary>Total, ≥ 0 with at most two decimals; equals Σ quantity × unitPrice when items are given. Required.</summary>
    public decimal? Amount { get; init; }

    /// <summary>ISO 4217; only the configured currency is accepted (default: that currency).</summary>
    public string? Currency { get; init; }

    /// <summary>Order lines.</summary>
    public IReadOnlyList<OrderItemFields?>? Items { get; init; }

    /// <summary>online, store, phone, partner or other.</summary>
    public OrderChannel? Channel { get; init; }

    /// <summary>Free text, at most 2 000 characters.</summary>
    public string? Notes { get; init; }
}

/// <summary>One order line.</summary>
public sealed record OrderItemFields
{
    /// <summary>Required, at most 100 characters.</summary>
    public string? Sku { get; init; }

    public string? Name { get; init; }

    public string? Category { get; init; }

    /// <summary>Required, &gt; 0.</summary>
    public int? Quantity { get; init; }

    /// <summary>Required, ≥ 0 with at most two decimals.</summary>
    public decimal? UnitPrice { get; init; }
}

/// <summary>The body of an order change: a status change to cancelled or refunded, and notes.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("customerId", ReadOnlyReasons.CustomerId)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record UpdateOrderRequest
{
    /// <summary>cancelled or refunded (a completed order only).</summary>
    public OrderStatus? Status { get; init; }

    /// <summary>Why the status changed.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Free text; null clears.</summary>
    public string? Notes { get; init; }
}

public sealed class CreateOrderRequestValidator : AbstractValidator<CreateOrderRequest>
{
    public CreateOrderRequestValidator(TimeProvider clock, OrderSettings settings)
    {
        RuleFor(x => x.ExternalId)
            .Must(v => v is null || !string.IsNullOrWhiteSpace(v)).WithMessage("'externalId' must not be blank; omit it or send null.")
            .MaximumLength(OrderLimits.ExternalIdMaxLength);
        RuleFor(x => x.OrderedAt).NotNull()
            .Must(at => at is null || at <= clock.GetUtcNow()).WithMessage("'orderedAt' must not be in the future.");
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.Amount).NotNull()
            .Must(a => a is null || Money.IsValid(a.Value)).WithMessage(Money.Rule("amount"));
        RuleFor(x => x.Currency)
            .Must(c => c is null || string.Equals(c, settings.Currency, StringComparison.Ordinal))
            .WithMessage($"Only {settings.Currency} is accepted: this deployment records orders in {settings.Currency} (Orders:Currency).");
        RuleFor(x => x.Items!.Count).LessThanOrEqualTo(OrderLimits.MaxItems).OverridePropertyName("items").When(x => x.Items is not null);
        RuleForEach(x => x.Items).ChildRules(item =>
        {
            item.RuleFor(i => i!.Sku).NotNull().Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("'sku' must not be empty.")
                .MaximumLength(OrderLimits.SkuMaxLength);
            item.RuleFor(i => i!.Name).MaximumLength(OrderLimits.ItemNameMaxLength);
            item.RuleFor(i => i!.Category).MaximumLength(OrderLimits.CategoryMaxLength);
            item.RuleFor(i => i!.Quantity).NotNull().GreaterThan(0);
            item.RuleFor(i => i!.UnitPrice).NotNull()
                .Must(p => p is null || Money.IsValid(p.Value)).WithMessage(Money.Rule("unitPrice"));
        }).When(x => x.Items is not null);
        RuleForEach(x => x.Items).NotNull().When(x => x.Items is not null);
        RuleFor(x => x.Notes).MaximumLength(OrderLimits.NotesMaxLength);
    }
}

public sealed class UpdateOrderRequestValidator : AbstractValidator<UpdateOrderRequest>
{
    public UpdateOrderRequestValidator()
    {
        RuleFor(x => x.Status).IsInEnum()
            .NotEqual(OrderStatus.Completed).WithMessage("An order can only be changed to 'cancelled' or 'refunded'.");
        RuleFor(x => x.StatusReason).MaximumLength(OrderLimits.StatusReasonMaxLength);
        RuleFor(x => x.Notes).MaximumLength(OrderLimits.NotesMaxLength);
    }
}

internal static class Money
{
    public static bool IsValid(decimal value) => value >= 0 && value <= OrderLimits.MaxAmount && decimal.Round(value, 2) == value;

    public static string Rule(string member) => $"'{member}' must be between 0 and {OrderLimits.MaxAmount} with at most two decimals.";
}

public sealed class OrderMappingProfile : Profile
{
    public OrderMappingProfile()
    {
        CreateMap<Order, OrderDto>();
        CreateMap<OrderItem, OrderItemDto>();
    }
}
