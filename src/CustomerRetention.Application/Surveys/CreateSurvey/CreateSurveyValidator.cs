using FluentValidation;

namespace CustomerRetention.Application.Surveys.CreateSurvey;

public sealed class CreateSurveyValidator : AbstractValidator<CreateSurveyCommand>
{
    public CreateSurveyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new SurveyFieldsValidator()).OverridePropertyName(string.Empty);
}
