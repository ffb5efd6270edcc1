using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Value.ListClvCustomers;

public sealed class ListClvCustomersValidator : AbstractValidator<ListClvCustomersQuery>
{
    public ListClvCustomersValidator()
    {
        Include(new PageRequestValidator<ListClvCustomersQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Sort).Must(s => s is null || ClvCustomerSort.All.Contains(s, StringComparer.Ordinal))
            .WithMessage($"'sort' must be one of {string.Join(", ", ClvCustomerSort.All)}.")
            .OverridePropertyName("sort");
    }
}
