using CustomerRetention.Application.BuildingBlocks.Batches;
using FluentValidation;

namespace CustomerRetention.Application.Orders.UpsertOrders;

/// <summary>What makes a whole batch malformed (a 400): no items, too many, or one key twice.</summary>
public sealed class UpsertOrdersValidator : AbstractValidator<UpsertOrdersCommand>
{
    public UpsertOrdersValidator() => BatchRules.Apply(this, x => x.Items);
}
