using System.Globalization;
using FluentValidation;

namespace CustomerRetention.Application.Value.GetAnalyticsSeries;

public sealed class GetAnalyticsSeriesValidator : AbstractValidator<GetAnalyticsSeriesQuery>
{
    public GetAnalyticsSeriesValidator()
    {
        this.AddPeriodRules(x => x.From, x => x.To);
        RuleFor(x => x.Metric).NotNull().WithMessage($"Required: one of {string.Join(", ", GetAnalyticsSeriesHandler.Metrics.Keys)}.");
        RuleFor(x => x.Metric)
            .Must(m => GetAnalyticsSeriesHandler.Metrics.ContainsKey(m!))
            .When(x => x.Metric is not null)
            .WithMessage(x => $"Unknown metric '{x.Metric}'. Must be one of: {string.Join(", ", GetAnalyticsSeriesHandler.Metrics.Keys)}.");
        RuleFor(x => x.Interval).NotNull().WithMessage($"Required: one of {string.Join(", ", AnalyticsCalendar.IntervalNames)}.");
        RuleFor(x => x.Interval)
            .Must(i => AnalyticsCalendar.ParseInterval(i) is not null)
            .When(x => x.Interval is not null)
            .WithMessage(x => $"Unknown interval '{x.Interval}'. Must be one of: {string.Join(", ", AnalyticsCalendar.IntervalNames)}.");
        RuleFor(x => x.Interval)
            .Must((x, i) => AnalyticsCalendar.Count(AnalyticsCalendar.ParseInterval(i)!.Value, x.From!.Value, x.To!.Value) <= AnalyticsCalendar.MaxPoints)
            .When(x => AnalyticsCalendar.ParseInterval(x.Interval) is not null && x.From is not null && x.To is not null && x.From < x.To)
            .WithMessage(x => string.Create(
                CultureInfo.InvariantCulture,
                $"This range has {AnalyticsCalendar.Count(AnalyticsCalendar.ParseInterval(x.Interval)!.Value, x.From!.Value, x.To!.Value)} periods of a {x.Interval}; at most {AnalyticsCalendar.MaxPoints} points are allowed: shorten the range or use a longer interval."));
    }
}
