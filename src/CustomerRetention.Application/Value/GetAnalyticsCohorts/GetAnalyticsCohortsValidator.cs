using FluentValidation;

namespace CustomerRetention.Application.Value.GetAnalyticsCohorts;

public sealed class GetAnalyticsCohortsValidator : AbstractValidator<GetAnalyticsCohortsQuery>
{
    public GetAnalyticsCohortsValidator()
    {
        this.AddPeriodRules(x => x.From, x => x.To);
        RuleFor(x => x.To)
            .Must((x, to) => AnalyticsCalendar.Count(AnalyticsInterval.Month, x.From!.Value, to!.Value) <= AnalyticsCalendar.MaxPoints)
            .When(x => x.From is not null && x.To is not null && x.From < x.To)
            .WithMessage($"At most {AnalyticsCalendar.MaxPoints} months.");
    }
}
