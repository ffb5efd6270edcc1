using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Customers.ListCustomers;

public sealed class ListCustomersValidator : AbstractValidator<ListCustomersQuery>
{
    public ListCustomersValidator()
    {
        Include(new CustomerListFilterValidator());
        RuleFor(x => x.Limit).InclusiveBetween(1, PageLimits.Max).When(x => x.Limit is not null)
            .WithMessage($"'limit' must be between 1 and {PageLimits.Max}.");
        RuleFor(x => x.Cursor).MaximumLength(PageLimits.CursorMaxLength).Must(c => c is null || c.Length > 0).WithMessage("'cursor' must not be empty.");
    }
}
