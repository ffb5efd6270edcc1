using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Orders.Contracts;
using FluentValidation;

namespace CustomerRetention.Application.Orders.UpsertOrders;

/// <summary>
/// One order of a batch upsert, keyed by <c>externalId</c>, naming its customer by <c>customerId</c>
/// or <c>customerExternalId</c>: recorded when no order holds the key, else compared with the
/// recorded order — its status (to cancelled or refunded, with <c>statusReason</c>) and notes may
/// change; a different customer, time, amount, currency, items or channel is refused.
/// </summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record OrderBatchItem : CreateOrderRequest
{
    /// <summary>The customer, by id; or give <c>customerExternalId</c> (exactly one of the two).</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>The customer, by the ERP's key (a live customer's <c>externalId</c>); or give <c>customerId</c>.</summary>
    public string? CustomerExternalId { get; init; }

    /// <summary>Why an existing order's status changes to cancelled or refunded; at most 500 characters.</summary>
    public string? StatusReason { get; init; }
}

/// <summary>The rules of a batch order: those of a single order, the key, and exactly one way to name the customer.</summary>
public sealed class OrderBatchItemValidator : AbstractValidator<OrderBatchItem>
{
    public OrderBatchItemValidator(TimeProvider clock, OrderSettings settings)
    {
        RuleFor(x => x.ExternalId).NotNull().WithMessage("'externalId' is required: a batch item is keyed by it.");
        Include(new CreateOrderRequestValidator(clock, settings));
        RuleFor(x => x.CustomerId)
            .NotNull().WithMessage("Name the customer with 'customerId' or 'customerExternalId'.")
            .When(x => x.CustomerExternalId is null);
        RuleFor(x => x.CustomerId)
            .Null().WithMessage("Give 'customerId' or 'customerExternalId', not both.")
            .When(x => x.CustomerExternalId is not null);
        RuleFor(x => x.CustomerId).NotEqual(Guid.Empty);
        RuleFor(x => x.CustomerExternalId)
            .Must(v => v is null || !string.IsNullOrWhiteSpace(v)).WithMessage("'customerExternalId' must not be blank.")
            .MaximumLength(Domain.Customers.CustomerLimits.ExternalIdMaxLength);
        RuleFor(x => x.StatusReason).MaximumLength(Domain.Orders.OrderLimits.StatusReasonMaxLength);
    }
}

/// <summary>The body of an order batch: up to 1 000 items, each keyed by a different <c>externalId</c>.</summary>
/// <param name="Items">The orders, in the order the results answer them.</param>
public sealed record OrderBatchRequest(IReadOnlyList<OrderBatchItem> Items);
