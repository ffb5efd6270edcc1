using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Surveys.ListSurveys;

public sealed class ListSurveysValidator : AbstractValidator<ListSurveysQuery>
{
    public ListSurveysValidator()
    {
        Include(new PageRequestValidator<ListSurveysQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.Type).IsInEnum();
    }
}
