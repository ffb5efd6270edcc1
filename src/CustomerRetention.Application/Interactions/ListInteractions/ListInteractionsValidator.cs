using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Interactions.ListInteractions;

public sealed class ListInteractionsValidator : AbstractValidator<ListInteractionsQuery>
{
    public ListInteractionsValidator()
    {
        Include(new PageRequestValidator<ListInteractionsQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.To).Must((q, to) => q.From is null || to is null || q.From < to)
            .WithMessage("'from' must be before 'to'.");
    }
}
