using CustomerRetention.Domain.ServiceLevels;
using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.GetBusinessCalendarDue;

public sealed class GetBusinessCalendarDueValidator : AbstractValidator<GetBusinessCalendarDueQuery>
{
    public GetBusinessCalendarDueValidator()
    {
        RuleFor(x => x.Start).NotNull().WithMessage("'start' is required: an RFC 3339 UTC instant.");
        RuleFor(x => x.Minutes).NotNull().WithMessage("'minutes' is required.")
            .InclusiveBetween(0, ServiceLevelLimits.MaxDueMinutes);
        RuleFor(x => x.Mode).Must(m => m is null or "business" or "calendar").WithMessage("'mode' must be business or calendar (default business).");
    }
}
