using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Lifecycle.ListTransitions;

public sealed class ListTransitionsValidator : AbstractValidator<ListTransitionsQuery>
{
    public ListTransitionsValidator() => Include(new PageRequestValidator<ListTransitionsQuery>(x => x.Limit, x => x.Cursor));
}
