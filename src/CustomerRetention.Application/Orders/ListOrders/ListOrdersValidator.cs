using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Orders.ListOrders;

public sealed class ListOrdersValidator : AbstractValidator<ListOrdersQuery>
{
    public ListOrdersValidator()
    {
        Include(new PageRequestValidator<ListOrdersQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.To).Must((q, to) => q.From is null || to is null || q.From < to).WithMessage("'from' must be before 'to'.");
    }
}
