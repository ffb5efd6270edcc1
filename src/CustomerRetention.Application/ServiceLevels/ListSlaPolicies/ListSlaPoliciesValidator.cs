using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.ListSlaPolicies;

public sealed class ListSlaPoliciesValidator : AbstractValidator<ListSlaPoliciesQuery>
{
    public ListSlaPoliciesValidator() => Include(new PageRequestValidator<ListSlaPoliciesQuery>(x => x.Limit, x => x.Cursor));
}
