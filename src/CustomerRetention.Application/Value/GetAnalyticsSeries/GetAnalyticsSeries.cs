using Mediator;

namespace CustomerRetention.Application.Value.GetAnalyticsSeries;

public sealed record GetAnalyticsSeriesQuery(string? Metric, string? Interval, DateTimeOffset? From, DateTimeOffset? To) : IQuery<AnalyticsSeriesDto>;

public sealed class GetAnalyticsSeriesHandler(IAnalyticsEngine engine) : IQueryHandler<GetAnalyticsSeriesQuery, AnalyticsSeriesDto>
{
    /// <summary>The names <c>metric</c> accepts, in the order they are documented.</summary>
    public static IReadOnlyList<string> MetricNames => [.. Metrics.Keys];

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
