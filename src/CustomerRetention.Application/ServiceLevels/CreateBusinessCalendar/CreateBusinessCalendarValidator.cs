using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.CreateBusinessCalendar;

public sealed class CreateBusinessCalendarValidator : AbstractValidator<CreateBusinessCalendarCommand>
{
    public CreateBusinessCalendarValidator() =>
        RuleFor(x => x.Fields).SetValidator(new BusinessCalendarFieldsValidator()).OverridePropertyName(string.Empty);
}
