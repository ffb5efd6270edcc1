using System.Globalization;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Value;

/// <summary>UTC calendar periods: days, ISO weeks (starting Monday) and calendar months.</summary>
public static class AnalyticsCalendar
{
    /// <summary>The most points a series (or months a cohort table) may have.</summary>
    public const int MaxPoints = 1000;

    /// <summary>The intervals in their query-string spelling.</summary>
    public static IReadOnlyList<string> IntervalNames { get; } = ["day", "week", "month"];

    public static AnalyticsInterval? ParseInterval(string? value) => value switch
    {
        "day" => AnalyticsInterval.Day,
        "week" => AnalyticsInterval.Week,
        "month" => AnalyticsInterval.Month,
        _ => null,
    };

    /// <summary>The start of the UTC period of <paramref name="interval"/> containing <paramref name="at"/>.</summary>
    public static DateTimeOffset Align(AnalyticsInterval interval, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return interval switch
        {
            AnalyticsInterval.Day => day,
            AnalyticsInterval.Week => day.AddDays(-(((int)utc.DayOfWeek + 6) % 7)),
            AnalyticsInterval.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(interval)),
        };
    }

    /// <summary>How many aligned periods intersect [from, to): the first contains from, the last starts before to.</summary>
    public static long Count(AnalyticsInterval interval, DateTimeOffset from, DateTimeOffset to)
    {
        var start = Align(interval, from);
        if (interval == AnalyticsInterval.Month)
        {
            var last = Align(interval, to.AddTicks(-1));
            return ((last.Year - start.Year) * 12L) + last.Month - start.Month + 1;
        }

        var length = interval == AnalyticsInterval.Day ? TimeSpan.TicksPerDay : 7 * TimeSpan.TicksPerDay;
        var span = (to - start).Ticks;
        return (span + length - 1) / length;
    }
}

/// <summary>The SPEC §8.1 metrics of one period [from, to).</summary>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="ActiveAtStart">Customers in retention, expansion or contraction at `from` (their latest transition with occurredAt ≤ from).</param>
/// <param name="ActiveAtEnd">Customers active at the end of the period (their latest transition with occurredAt &lt; to).</param>
/// <param name="NewCustomers">Customers whose first completed order ever is in the period.</param>
/// <param name="ChurnedCustomers">Distinct customers with a transition to churned in the period.</param>
/// <param name="ChurnRate">churnedCustomers ÷ activeAtStart × 100; null when activeAtStart is 0.</param>
/// <param name="RetentionRate">(activeAtEnd − customers who became active for the first time in the period) ÷ activeAtStart × 100; null when activeAtStart is 0.</param>
/// <param name="RepeatPurchaseRate">Customers with ≥ 2 completed orders in the period ÷ customers with ≥ 1 × 100; null when nobody bought.</param>
/// <param name="Orders">Completed orders in the period.</param>
/// <param name="Revenue">Their total.</param>
/// <param name="AverageOrderValue">revenue ÷ orders (two decimals); null without orders.</param>
public sealed record AnalyticsSummaryDto(
    DateTimeOffset From,
    DateTimeOffset To,
    int ActiveAtStart,
    int ActiveAtEnd,
    int NewCustomers,
    int ChurnedCustomers,
    double? ChurnRate,
    double? RetentionRate,
    double? RepeatPurchaseRate,
    int Orders,
    decimal Revenue,
    decimal? AverageOrderValue);

public sealed record SeriesPointDto(DateTimeOffset PeriodStart, double? Value);

public sealed record AnalyticsSeriesDto(string Metric, string Interval, IReadOnlyList<SeriesPointDto> Points);

/// <param name="Cohort">The UTC month of the cohort's first completed orders, YYYY-MM.</param>
/// <param name="Size">Customers in the cohort.</param>
/// <param name="Retention">For month 0 (the cohort month), 1, 2, …: the share (0–1) of the cohort with ≥ 1 completed order in that month.</param>
public sealed record CohortDto(string Cohort, int Size, IReadOnlyList<double> Retention);

public sealed record AnalyticsCohortsDto(IReadOnlyList<CohortDto> Cohorts);

/// <param name="Stage">The stage key.</param>
/// <param name="Entered">Distinct customers who ever entered the stage.</param>
/// <param name="Reached">Per later stage in funnel order: the share (0–1) of those customers who entered it after first entering this stage; null when nobody entered this stage.</param>
/// <param name="MedianDaysInStage">Median length in days of completed stays in the stage (ongoing stays excluded); null when there are none.</param>
public sealed record FunnelStageDto(string Stage, int Entered, IReadOnlyDictionary<string, double?> Reached, double? MedianDaysInStage);

public sealed record LifecycleFunnelDto(IReadOnlyList<FunnelStageDto> Stages);

internal static class Ratios
{
    public static double? Percent(int part, int whole) => whole == 0 ? null : 100.0 * part / whole;

    public static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    public static decimal? Average(decimal total, int count) => count == 0 ? null : decimal.Round(total / count, 2);
}

/// <summary>Required from/to with from &lt; to.</summary>
internal static class PeriodRules
{
    public static void AddPeriodRules<T>(this AbstractValidator<T> validator, Func<T, DateTimeOffset?> from, Func<T, DateTimeOffset?> to)
    {
        validator.RuleFor(x => from(x)).NotNull().WithMessage("Required: the start of the period (RFC 3339, inclusive).").OverridePropertyName("from");
        validator.RuleFor(x => to(x)).NotNull().WithMessage("Required: the end of the period (RFC 3339, exclusive).").OverridePropertyName("to");
        validator.RuleFor(x => to(x))
            .Must((x, end) => end > from(x))
            .When(x => from(x) is not null && to(x) is not null)
            .WithMessage("Must be after from: periods are half-open [from, to).")
            .OverridePropertyName("to");
    }
}

public sealed record GetAnalyticsSummaryQuery(DateTimeOffset? From, DateTimeOffset? To) : IQuery<AnalyticsSummaryDto>;

public sealed class GetAnalyticsSummaryValidator : AbstractValidator<GetAnalyticsSummaryQuery>
{
    public GetAnalyticsSummaryValidator() => this.AddPeriodRules(x => x.From, x => x.To);
}

public sealed class GetAnalyticsSummaryHandler(IAnalyticsEngine engine) : IQueryHandler<GetAnalyticsSummaryQuery, AnalyticsSummaryDto>
{
    public async ValueTask<AnalyticsSummaryDto> Handle(GetAnalyticsSummaryQuery query, CancellationToken cancellationToken)
    {
        var from = query.From!.Value.ToUniversalTime();
        var to = query.To!.Value.ToUniversalTime();
        var c = (await engine.CountAsync(new AnalyticsPeriods(from, to, null), cancellationToken)).Single();
        return new AnalyticsSummaryDto(
            from,
            to,
            c.ActiveAtStart,
            c.ActiveAtEnd,
            c.NewCustomers,
            c.Churned,
            Ratios.Percent(c.Churned, c.ActiveAtStart),
            Ratios.Percent(c.ActiveAtEnd - c.BecameActive, c.ActiveAtStart),
            Ratios.Percent(c.RepeatBuyers, c.Buyers),
            c.Orders,
            c.Revenue,
            Ratios.Average(c.Revenue, c.Orders));
    }
}

public sealed record GetAnalyticsSeriesQuery(string? Metric, string? Interval, DateTimeOffset? From, DateTimeOffset? To) : IQuery<AnalyticsSeriesDto>;

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

public sealed class GetAnalyticsSeriesHandler(IAnalyticsEngine engine) : IQueryHandler<GetAnalyticsSeriesQuery, AnalyticsSeriesDto>
{
    /// <summary>The metrics in their query-string spelling, each computed from one period's counts.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<PeriodCounts, double?>> Metrics = new Dictionary<string, Func<PeriodCounts, double?>>(StringComparer.Ordinal)
    {
        ["activeCustomers"] = c => c.ActiveAtStart,
        ["newCustomers"] = c => c.NewCustomers,
        ["churnedCustomers"] = c => c.Churned,
        ["churnRate"] = c => Ratios.Percent(c.Churned, c.ActiveAtStart),
        ["retentionRate"] = c => Ratios.Percent(c.ActiveAtEnd - c.BecameActive, c.ActiveAtStart),
        ["repeatPurchaseRate"] = c => Ratios.Percent(c.RepeatBuyers, c.Buyers),
        ["orders"] = c => c.Orders,
        ["revenue"] = c => (double)c.Revenue,
        ["averageOrderValue"] = c => (double?)Ratios.Average(c.Revenue, c.Orders),
    };

    public async ValueTask<AnalyticsSeriesDto> Handle(GetAnalyticsSeriesQuery query, CancellationToken cancellationToken)
    {
        var interval = AnalyticsCalendar.ParseInterval(query.Interval)!.Value;
        var metric = Metrics[query.Metric!];
        var counts = await engine.CountAsync(
            new AnalyticsPeriods(query.From!.Value.ToUniversalTime(), query.To!.Value.ToUniversalTime(), interval), cancellationToken);
        return new AnalyticsSeriesDto(query.Metric!, query.Interval!, counts.Select(c => new SeriesPointDto(c.PeriodStart, metric(c))).ToList());
    }
}

public sealed record GetAnalyticsCohortsQuery(DateTimeOffset? From, DateTimeOffset? To) : IQuery<AnalyticsCohortsDto>;

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

public sealed class GetAnalyticsCohortsHandler(IAnalyticsEngine engine) : IQueryHandler<GetAnalyticsCohortsQuery, AnalyticsCohortsDto>
{
    public async ValueTask<AnalyticsCohortsDto> Handle(GetAnalyticsCohortsQuery query, CancellationToken cancellationToken)
    {
        var firstMonth = AnalyticsCalendar.Align(AnalyticsInterval.Month, query.From!.Value);
        var endMonth = AnalyticsCalendar.Align(AnalyticsInterval.Month, query.To!.Value.AddTicks(-1)).AddMonths(1);
        var cells = await engine.CohortsAsync(firstMonth, endMonth, cancellationToken);
        var cohorts = cells
            .GroupBy(c => c.Cohort)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var size = g.Where(c => c.Offset == 0).Sum(c => c.Customers);
                var months = ((endMonth.Year - g.Key.Year) * 12) + endMonth.Month - g.Key.Month;
                var byOffset = g.ToDictionary(c => c.Offset, c => c.Customers);
                var retention = Enumerable.Range(0, months)
                    .Select(offset => size == 0 ? 0 : (double)byOffset.GetValueOrDefault(offset) / size)
                    .ToList();
                return new CohortDto(g.Key.ToString("yyyy-MM", CultureInfo.InvariantCulture), size, retention);
            })
            .ToList();
        return new AnalyticsCohortsDto(cohorts);
    }
}

public sealed record GetLifecycleFunnelQuery : IQuery<LifecycleFunnelDto>;

public sealed class GetLifecycleFunnelHandler(IAnalyticsEngine engine) : IQueryHandler<GetLifecycleFunnelQuery, LifecycleFunnelDto>
{
    public async ValueTask<LifecycleFunnelDto> Handle(GetLifecycleFunnelQuery query, CancellationToken cancellationToken)
    {
        var counts = await engine.FunnelAsync(cancellationToken);
        var funnel = Enum.GetValues<LifecycleStage>().OrderBy(s => (int)s).Select(ApiJson.EnumValue).ToList();
        var stages = funnel.Select((stage, index) =>
        {
            var entered = counts.Entered.GetValueOrDefault(stage);
            var reached = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var later in funnel.Skip(index + 1))
            {
                reached[later] = Ratios.Share(counts.Reached.GetValueOrDefault((stage, later)), entered);
            }

            return new FunnelStageDto(stage, entered, reached, counts.MedianDays.TryGetValue(stage, out var median) ? median : null);
        }).ToList();
        return new LifecycleFunnelDto(stages);
    }
}
