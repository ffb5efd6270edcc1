using System.Globalization;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Value.GetAnalyticsCohorts;

public sealed record GetAnalyticsCohortsQuery(DateTimeOffset? From, DateTimeOffset? To) : IQuery<AnalyticsCohortsDto>;

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
