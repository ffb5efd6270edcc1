using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Surveys.ListSurveySends;

public sealed class ListSurveySendsValidator : AbstractValidator<ListSurveySendsQuery>
{
    public ListSurveySendsValidator()
    {
        Include(new PageRequestValidator<ListSurveySendsQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.CustomerId).NotEqual(Guid.Empty);
    }
}
