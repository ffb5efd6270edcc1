using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Value;
using CustomerRetention.Application.Value.GetAnalyticsCohorts;
using CustomerRetention.Application.Value.GetAnalyticsSeries;
using CustomerRetention.Application.Value.GetAnalyticsSummary;
using CustomerRetention.Application.Value.GetLifecycleFunnel;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Value;

/// <summary>Value and churn analytics (SPEC §8.1), computed set-based in PostgreSQL.</summary>
public static class AnalyticsEndpoints
{
    private const string Definitions =
        " Archived customers are excluded everywhere; only completed orders count. A customer's stage at an instant t is the `toStage` of its latest transition with occurredAt ≤ t; "
        + "active = retention, expansion or contraction. Periods are half-open [from, to): active at the start means at `from` (latest transition with occurredAt ≤ from), "
        + "active at the end means just before `to` (latest transition with occurredAt < to), so every transition inside the period is reflected in the end state. "
        + "Rates are percentages and null when their denominator is 0.";

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/api/v1/analytics").WithTags("Analytics").GuardQueryString();

        analytics.MapGet("/summary", GetAnalyticsSummary)
            .WithName(nameof(GetAnalyticsSummary))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("Retention metrics of a period")
            .WithDescription(
                "activeAtStart, activeAtEnd; newCustomers (first completed order ever in the period); churnedCustomers (distinct customers with a transition to churned in the period); "
                + "churnRate = churnedCustomers ÷ activeAtStart × 100; retentionRate = (activeAtEnd − customers whose first transition into an active stage is in the period) ÷ activeAtStart × 100; "
                + "repeatPurchaseRate = customers with ≥ 2 completed orders in the period ÷ customers with ≥ 1 × 100; orders, revenue and averageOrderValue (null without orders) of completed orders in the period."
                + Definitions)
            .ProducesValidationProblem();
        analytics.MapGet("/series", GetAnalyticsSeries)
            .WithName(nameof(GetAnalyticsSeries))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("A metric per day, week or month")
            .WithDescription(
                "One point per aligned UTC period: days, ISO weeks (Monday 00:00Z) or calendar months, from the period containing `from` to the last one starting before `to`; "
                + "each value is computed over the whole period [periodStart, next periodStart), like the summary of that period. "
                + "Metrics: activeCustomers (active at periodStart), newCustomers, churnedCustomers, churnRate, retentionRate, repeatPurchaseRate, orders, revenue, averageOrderValue. "
                + "More than 1 000 points → 400."
                + Definitions)
            .ProducesValidationProblem();
        analytics.MapGet("/cohorts", GetAnalyticsCohorts)
            .WithName(nameof(GetAnalyticsCohorts))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("Monthly cohort retention")
            .WithDescription(
                "Customers grouped by the UTC month of their first completed order, for the cohort months from the one containing `from` to the last one starting before `to` (at most 1 000 months). "
                + "`retention[i]` is the share (0–1) of the cohort with at least one completed order in the i-th month after the cohort month (month 0 is therefore 1), "
                + "for every month up to the last one starting before `to` (which may be partial). Archived customers are excluded.")
            .ProducesValidationProblem();
        analytics.MapGet("/lifecycle-funnel", GetLifecycleFunnel)
            .WithName(nameof(GetLifecycleFunnel))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("The lifecycle stage funnel")
            .WithDescription(
                "The seven stages in funnel order. `entered`: distinct customers who ever entered the stage (the initial stage counts). "
                + "`reached[s]`: for each later stage s in funnel order, the share (0–1) of those customers with a transition to s after their first entry into this stage (history order: occurredAt, then id); null when `entered` is 0. "
                + "`medianDaysInStage`: the median length in days of completed stays (a stay ends at the customer's next transition; ongoing stays are excluded), null when there are none. "
                + "Computed over the whole history; archived customers are excluded.");
        return app;
    }

    /// <param name="from">Start of the period, inclusive (RFC 3339).</param>
    /// <param name="to">End of the period, exclusive (RFC 3339).</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<AnalyticsSummaryDto>> GetAnalyticsSummary(
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetAnalyticsSummaryQuery(from, to), cancellationToken));

    /// <param name="metric">activeCustomers, newCustomers, churnedCustomers, churnRate, retentionRate, repeatPurchaseRate, orders, revenue or averageOrderValue.</param>
    /// <param name="interval">day, week (ISO, from Monday) or month; UTC.</param>
    /// <param name="from">Start of the range (RFC 3339); the first point is the period containing it.</param>
    /// <param name="to">End of the range, exclusive (RFC 3339); the last point is the last period starting before it.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<AnalyticsSeriesDto>> GetAnalyticsSeries(
        [FromQuery] string? metric,
        [FromQuery] string? interval,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        ISender sender,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetAnalyticsSeriesQuery(metric, interval, from, to), cancellationToken));

    /// <param name="from">The first cohort is the month containing this instant (RFC 3339).</param>
    /// <param name="to">Exclusive end (RFC 3339): cohorts and retention months start before it.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<AnalyticsCohortsDto>> GetAnalyticsCohorts(
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetAnalyticsCohortsQuery(from, to), cancellationToken));

    public static async Task<Ok<LifecycleFunnelDto>> GetLifecycleFunnel(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetLifecycleFunnelQuery(), cancellationToken));
}
