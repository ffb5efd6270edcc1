using CustomerRetention.Domain.Value;
using FluentValidation;

namespace CustomerRetention.Application.Value.StartClvModel;

public sealed class StartClvModelValidator : AbstractValidator<StartClvModelCommand>
{
    private static readonly DateOnly EarliestCalibrationEnd = new(1900, 1, 1);

    public StartClvModelValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.CalibrationEnd).NotNull()
            .WithMessage("'calibrationEnd' is required: the last day (YYYY-MM-DD) whose orders the model learns from.")
            .OverridePropertyName("calibrationEnd");
        RuleFor(x => x.Request.CalibrationEnd)
            .Must(d => d >= EarliestCalibrationEnd && d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .When(x => x.Request.CalibrationEnd is not null)
            .WithMessage("'calibrationEnd' must be a date between 1900-01-01 and today (UTC).")
            .OverridePropertyName("calibrationEnd");
        RuleFor(x => x.Request.HorizonDays).InclusiveBetween(1, ClvModel.MaxHorizonDays)
            .WithMessage($"'horizonDays' must be a whole number of days from 1 to {ClvModel.MaxHorizonDays}.")
            .OverridePropertyName("horizonDays");
        RuleFor(x => x.Request.MonthlyDiscountRate).Must(d => d is null || (d >= 0 && d < 1))
            .WithMessage("'monthlyDiscountRate' must be at least 0 and below 1 (e.g. 0.01 for 1 % a month).")
            .OverridePropertyName("monthlyDiscountRate");
    }
}
