using CustomerRetention.Domain.Surveys;
using FluentValidation;

namespace CustomerRetention.Application.Surveys.SubmitSurveyResponse;

public sealed class SubmitSurveyResponseValidator : AbstractValidator<SubmitSurveyResponseCommand>
{
    public SubmitSurveyResponseValidator()
    {
        RuleFor(x => x.Request.Score).NotNull().InclusiveBetween(SurveyLimits.MinScore, SurveyLimits.MaxScore).OverridePropertyName("score");
        RuleFor(x => x.Request.Comment).MaximumLength(SurveyLimits.CommentMaxLength).OverridePropertyName("comment");
    }
}
