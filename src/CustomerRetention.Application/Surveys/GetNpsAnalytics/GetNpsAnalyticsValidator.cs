using System.Globalization;
using CustomerRetention.Application.Value.Contracts;
using FluentValidation;

namespace CustomerRetention.Application.Surveys.GetNpsAnalytics;

public sealed class GetNpsAnalyticsValidator : AbstractValidator<GetNpsAnalyticsQuery>
{
    public GetNpsAnalyticsValidator()
    {
        AnalyticsIntervals.AddPeriodRules(this, x => x.From, x => x.To);
        RuleFor(x => x.SurveyId).NotEqual(Guid.Empty);
        RuleFor(x => x.Type).IsInEnum();
        RuleFor(x => x.GroupBy)
            .Must(g => NpsGroupings.Names.Contains(g!))
            .When(x => x.GroupBy is not null)
            .WithMessage(x => $"Unknown groupBy '{x.GroupBy}'. Must be one of: {string.Join(", ", NpsGroupings.Names)}.");
        RuleFor(x => x.Interval)
            .Must(AnalyticsIntervals.IsInterval)
            .When(x => x.Interval is not null)
            .WithMessage(x => $"Unknown interval '{x.Interval}'. Must be one of: {string.Join(", ", AnalyticsIntervals.Names)}.");
        RuleFor(x => x.Interval)
            .Must((x, i) => AnalyticsIntervals.PeriodCount(i!, x.From!.Value, x.To!.Value) <= AnalyticsIntervals.MaxPoints)
            .When(x => AnalyticsIntervals.IsInterval(x.Interval) && x.From is not null && x.To is not null && x.From < x.To)
            .WithMessage(x => string.Create(
                CultureInfo.InvariantCulture,
                $"This range has {AnalyticsIntervals.PeriodCount(x.Interval!, x.From!.Value, x.To!.Value)} periods of a {x.Interval}; at most {AnalyticsIntervals.MaxPoints} are allowed: shorten the range or use a longer interval."));
    }
}
