using Mediator;

namespace CustomerRetention.Application.Value.GetAnalyticsSummary;

public sealed record GetAnalyticsSummaryQuery(DateTimeOffset? From, DateTimeOffset? To) : IQuery<AnalyticsSummaryDto>;

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
