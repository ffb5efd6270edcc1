using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.ReplaceBusinessCalendar;

public sealed class ReplaceBusinessCalendarValidator : AbstractValidator<ReplaceBusinessCalendarCommand>
{
    public ReplaceBusinessCalendarValidator() =>
        RuleFor(x => x.Fields).SetValidator(new BusinessCalendarFieldsValidator()).OverridePropertyName(string.Empty);
}
