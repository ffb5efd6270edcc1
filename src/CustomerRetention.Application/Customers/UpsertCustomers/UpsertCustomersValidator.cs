using CustomerRetention.Application.BuildingBlocks.Batches;
using FluentValidation;

namespace CustomerRetention.Application.Customers.UpsertCustomers;

/// <summary>What makes a whole batch malformed (a 400): no items, too many, or one key twice.</summary>
public sealed class UpsertCustomersValidator : AbstractValidator<UpsertCustomersCommand>
{
    public UpsertCustomersValidator() => BatchRules.Apply(this, x => x.Items);
}
