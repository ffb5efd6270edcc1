namespace CustomerRetention.Application.Value;

/// <summary>
/// Set-based analytics (SPEC §8.1), computed inside the database from customers, stage history and
/// orders; archived customers are excluded everywhere. Implemented in Infrastructure as SQL.
/// </summary>
public interface IAnalyticsEngine
{
    /// <summary>
    /// The raw counts of each period, in chronological order. Periods are half-open [start, end)
    /// and contiguous (each ends where the next starts).
    /// </summary>
    Task<IReadOnlyList<PeriodCounts>> CountAsync(AnalyticsPeriods periods, CancellationToken cancellationToken);

    /// <summary>
    /// Per cohort month (first day, UTC) and month offset (0 = the cohort month), the cohort's
    /// customers with at least one completed order in that month. Cohorts are the months from
    /// <paramref name="firstMonth"/> (inclusive) to <paramref name="endMonth"/> (exclusive); offsets
    /// stop before <paramref name="endMonth"/>.
    /// </summary>
    Task<IReadOnlyList<CohortCell>> CohortsAsync(DateTimeOffset firstMonth, DateTimeOffset endMonth, CancellationToken cancellationToken);

    /// <summary>The raw numbers of the lifecycle funnel.</summary>
    Task<FunnelCounts> FunnelAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Which periods to count: either the single period [<see cref="From"/>, <see cref="To"/>), or
/// (with <see cref="Interval"/>) every aligned UTC period of that interval from the one containing
/// <see cref="From"/> up to the last one starting before <see cref="To"/>.
/// </summary>
public sealed record AnalyticsPeriods(DateTimeOffset From, DateTimeOffset To, AnalyticsInterval? Interval);

public enum AnalyticsInterval
{
    Day,
    Week,
    Month,
}

/// <summary>The counts behind every metric of one period [PeriodStart, PeriodEnd).</summary>
/// <param name="PeriodStart">Start of the period (inclusive).</param>
/// <param name="PeriodEnd">End of the period (exclusive).</param>
/// <param name="ActiveAtStart">Customers active at PeriodStart (latest transition with occurred_at ≤ PeriodStart).</param>
/// <param name="ActiveAtEnd">Customers active just before PeriodEnd (latest transition with occurred_at &lt; PeriodEnd).</param>
/// <param name="BecameActive">Customers whose first transition into an active stage falls in the period.</param>
/// <param name="Churned">Distinct customers with a transition to churned in the period.</param>
/// <param name="NewCustomers">Customers whose first completed order ever falls in the period.</param>
/// <param name="Orders">Completed orders in the period.</param>
/// <param name="Revenue">Their total amount.</param>
/// <param name="Buyers">Customers with at least one completed order in the period.</param>
/// <param name="RepeatBuyers">Customers with at least two completed orders in the period.</param>
public sealed record PeriodCounts(
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int ActiveAtStart,
    int ActiveAtEnd,
    int BecameActive,
    int Churned,
    int NewCustomers,
    int Orders,
    decimal Revenue,
    int Buyers,
    int RepeatBuyers);

/// <summary>Customers of the cohort <paramref name="Cohort"/> with a completed order <paramref name="Offset"/> months later.</summary>
public sealed record CohortCell(DateTimeOffset Cohort, int Offset, int Customers);

/// <param name="Entered">Per stage, distinct customers who ever entered it.</param>
/// <param name="Reached">Per (stage, later stage), customers who entered the later stage after first entering the stage.</param>
/// <param name="MedianDays">Per stage, the median duration in days of completed stays.</param>
public sealed record FunnelCounts(
    IReadOnlyDictionary<string, int> Entered,
    IReadOnlyDictionary<(string Stage, string Later), int> Reached,
    IReadOnlyDictionary<string, double> MedianDays);
