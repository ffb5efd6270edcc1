namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>One order exactly as a test sent it to the API.</summary>
public sealed record RfmOrder(Guid CustomerId, DateTimeOffset OrderedAt, decimal Amount, bool Completed = true);

/// <summary>The four breakpoints b1..b4 of each measure.</summary>
public sealed record RfmReferenceBreakpoints(double[] RecencyDays, double[] Frequency, double[] Monetary);

/// <summary>One customer's expected measures, scores and segment.</summary>
public sealed record RfmExpectedScore(Guid CustomerId, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

/// <summary>What a run should produce: the breakpoints used (null when nobody is scored) and every scored customer.</summary>
public sealed record RfmExpectedRun(RfmReferenceBreakpoints? Breakpoints, IReadOnlyDictionary<Guid, RfmExpectedScore> Scores)
{
    public int CustomersIn(string segment) => Scores.Values.Count(s => s.Segment == segment);

    public decimal RevenueOf(string segment) => Scores.Values.Where(s => s.Segment == segment).Sum(s => s.Monetary);
}

/// <summary>
/// An independent reading of SPEC §7, written from the SPEC text and not from the production code
/// (it never calls <c>RfmScoring</c>): per customer, over completed orders with
/// asOf − windowDays ≤ orderedAt &lt; asOf, recency in whole days (rounded down), the number of
/// orders and their sum; breakpoints are PostgreSQL's <c>percentile_cont</c> at 0.2/0.4/0.6/0.8 or
/// the fixed ones; R = 5 − #breakpoints strictly below the recency, F and M = 1 + #breakpoints
/// strictly below the value; the segment comes from the SPEC grid (or a given map).
/// </summary>
public static class RfmReference
{
    /// <summary>The table of SPEC §7 as printed there: rows R = 5, 4, 3, 2, 1; columns F = 1..5.</summary>
    private static readonly string[][] SpecTable =
    [
        ["New Customers", "Potential Loyalists", "Potential Loyalists", "Champions", "Champions"],
        ["Promising", "Potential Loyalists", "Potential Loyalists", "Loyal Customers", "Loyal Customers"],
        ["About To Sleep", "About To Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"],
        ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"],
        ["Lost", "Lost", "At Risk", "At Risk", "Can't Lose Them"],
    ];

    private static readonly double[] Fractions = [0.2, 0.4, 0.6, 0.8];

    /// <summary>The SPEC's kebab-case key of a segment's display name: "Can't Lose Them" → "cant-lose-them".</summary>
    public static string KeyOf(string displayName) =>
        new(displayName.Where(c => c != '\'').Select(c => c == ' ' ? '-' : char.ToLowerInvariant(c)).ToArray());

    /// <summary>The default segment of a cell of the SPEC grid.</summary>
    public static string DefaultSegment(int r, int f) => KeyOf(SpecTable[5 - r][f - 1]);

    /// <summary>The 25 cells of the SPEC grid, R descending then F ascending.</summary>
    public static IReadOnlyList<(int R, int F, string Segment)> DefaultCells { get; } =
        (from r in new[] { 5, 4, 3, 2, 1 } from f in new[] { 1, 2, 3, 4, 5 } select (r, f, DefaultSegment(r, f))).ToList();

    /// <summary>The eleven segment keys the SPEC lists.</summary>
    public static IReadOnlyList<string> DefaultSegments { get; } = DefaultCells.Select(c => c.Segment).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// PostgreSQL's <c>percentile_cont(fraction)</c> over the values: the value at position
    /// fraction·(n − 1) of the sorted values, interpolating linearly between the two neighbours.
    /// </summary>
    public static double PercentileCont(IEnumerable<double> values, double fraction)
    {
        var sorted = values.ToList();
        sorted.Sort();
        var position = fraction * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var low = sorted[below];
        if (below + 1 >= sorted.Count)
        {
            return low;
        }

        var high = sorted[below + 1];
        return low + ((high - low) * (position - below));
    }

    public static double[] Quintiles(IEnumerable<double> values)
    {
        var list = values.ToList();
        return Fractions.Select(p => PercentileCont(list, p)).ToArray();
    }

    /// <summary>Computes what a run over <paramref name="orders"/> must produce.</summary>
    /// <param name="orders">Every order of every live customer in the database.</param>
    /// <param name="asOf">The run's asOf.</param>
    /// <param name="windowDays">The run's window, or null for all history.</param>
    /// <param name="fixedBreakpoints">The breakpoints of a fixed run, or null for quantile.</param>
    /// <param name="segmentOf">The segment map, or null for the SPEC grid.</param>
    public static RfmExpectedRun Compute(
        IEnumerable<RfmOrder> orders,
        DateTimeOffset asOf,
        int? windowDays = null,
        RfmReferenceBreakpoints? fixedBreakpoints = null,
        Func<int, int, string>? segmentOf = null)
    {
        segmentOf ??= DefaultSegment;
        var windowStart = windowDays is { } days ? asOf - TimeSpan.FromDays(days) : DateTimeOffset.MinValue;
        var measures = orders
            .Where(o => o.Completed && o.OrderedAt < asOf && o.OrderedAt >= windowStart)
            .GroupBy(o => o.CustomerId)
            .Select(g => (
                Customer: g.Key,
                RecencyDays: checked((int)((asOf - g.Max(o => o.OrderedAt)).Ticks / TimeSpan.TicksPerDay)),
                Frequency: g.Count(),
                Monetary: g.Sum(o => o.Amount)))
            .ToList();
        if (measures.Count == 0)
        {
            return new RfmExpectedRun(fixedBreakpoints, new Dictionary<Guid, RfmExpectedScore>());
        }

        var breakpoints = fixedBreakpoints ?? new RfmReferenceBreakpoints(
            Quintiles(measures.Select(m => (double)m.RecencyDays)),
            Quintiles(measures.Select(m => (double)m.Frequency)),
            Quintiles(measures.Select(m => (double)m.Monetary)));

        var scores = new Dictionary<Guid, RfmExpectedScore>();
        foreach (var (customer, recency, frequency, monetary) in measures)
        {
            var r = 5 - breakpoints.RecencyDays.Count(b => b < recency);
            var f = 1 + breakpoints.Frequency.Count(b => b < frequency);
            var m = 1 + breakpoints.Monetary.Count(b => b < (double)monetary);
            scores[customer] = new RfmExpectedScore(customer, recency, frequency, monetary, r, f, m, segmentOf(r, f));
        }

        return new RfmExpectedRun(breakpoints, scores);
    }
}
