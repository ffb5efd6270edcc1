using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Surveys;
using FluentValidation;

namespace CustomerRetention.Application.Surveys.RecordSurveyResponse;

public sealed class RecordSurveyResponseValidator : AbstractValidator<RecordSurveyResponseCommand>
{
    public RecordSurveyResponseValidator()
    {
        RuleFor(x => x.Request.SurveyId).Must((x, surveyId) => (surveyId is null) != (x.Request.SendId is null))
            .WithMessage("Send exactly one of 'surveyId' (a response without a send) and 'sendId' (the answer to a send).")
            .OverridePropertyName("surveyId");
        RuleFor(x => x.Request.SurveyId).NotEqual(Guid.Empty).OverridePropertyName("surveyId");
        RuleFor(x => x.Request.SendId).NotEqual(Guid.Empty).OverridePropertyName("sendId");
        RuleFor(x => x.Request.Score).NotNull().InclusiveBetween(SurveyLimits.MinScore, SurveyLimits.MaxScore).OverridePropertyName("score");
        RuleFor(x => x.Request.Comment).MaximumLength(SurveyLimits.CommentMaxLength).OverridePropertyName("comment");
        RuleFor(x => x.Request.Channel).IsInEnum().OverridePropertyName("channel");
        RuleFor(x => x.Request.RespondedAt).Must(at => at is null || ApiTime.IsInRange(at.Value))
            .WithMessage(ApiTime.TimestampRule).OverridePropertyName("respondedAt");
    }
}
