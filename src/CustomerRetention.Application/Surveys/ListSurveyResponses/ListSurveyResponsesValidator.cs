using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Surveys.ListSurveyResponses;

public sealed class ListSurveyResponsesValidator : AbstractValidator<ListSurveyResponsesQuery>
{
    public ListSurveyResponsesValidator()
    {
        Include(new PageRequestValidator<ListSurveyResponsesQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.CustomerId).NotEqual(Guid.Empty);
    }
}
