namespace CustomerRetention.Application.Value;

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
