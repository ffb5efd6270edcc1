using System.Text.RegularExpressions;

namespace CustomerRetention.Domain.Segmentation;

public enum RfmPolicy
{
    /// <summary>Breakpoints are the 20/40/60/80th percentiles of the scored customers (linear interpolation).</summary>
    Quantile = 1,

    /// <summary>Breakpoints are given by the run request.</summary>
    Fixed = 2,
}

/// <summary>The four ascending breakpoints b1..b4 of each measure.</summary>
public sealed record RfmBreakpoints(IReadOnlyList<double> RecencyDays, IReadOnlyList<double> Frequency, IReadOnlyList<double> Monetary);

/// <summary>One cell of the R × F segment grid.</summary>
public sealed record SegmentCell(int R, int F, string Segment);

/// <summary>
/// The scoring rules of SPEC §7 as plain functions. The segment-map and breakpoint rules are used
/// by the API's validation; the score and percentile functions state the formulas the SQL engine
/// implements and are unit-tested against hand-computed values (the engine itself is tested
/// through the API against an independent reference in the test project).
/// </summary>
public static partial class RfmScoring
{
    public const int BreakpointCount = 4;

    /// <summary>Scores run from 1 to this.</summary>
    public const int MaxScore = 5;

    /// <summary>A segment map has one cell per (r, f).</summary>
    public const int MapCells = MaxScore * MaxScore;

    /// <summary>The longest segment key.</summary>
    public const int SegmentKeyMaxLength = 50;

    /// <summary>A segment key (as a JSON-Schema pattern): lower-case letters and digits in words joined by single dashes.</summary>
    public const string SegmentKeyPattern = "^" + SegmentKeyWords + "$";

    private const string SegmentKeyWords = "[a-z0-9]+(-[a-z0-9]+)*";

    /// <summary>R = 5 − the number of breakpoints strictly below the recency (low recency is good).</summary>
    public static int RecencyScore(double recencyDays, IReadOnlyList<double> breakpoints)
    {
        ArgumentNullException.ThrowIfNull(breakpoints);
        return 5 - breakpoints.Count(b => b < recencyDays);
    }

    /// <summary>F or M = 1 + the number of breakpoints strictly below the value.</summary>
    public static int ValueScore(double value, IReadOnlyList<double> breakpoints)
    {
        ArgumentNullException.ThrowIfNull(breakpoints);
        return 1 + breakpoints.Count(b => b < value);
    }

    /// <summary>
    /// The continuous percentile with linear interpolation between adjacent values, as
    /// PostgreSQL's <c>percentile_cont</c>: position p·(n − 1) in the sorted values.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sortedValues, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sortedValues);
        if (sortedValues.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sortedValues));
        }

        var position = fraction * (sortedValues.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sortedValues[lower] + ((position - lower) * (sortedValues[upper] - sortedValues[lower]));
    }

    /// <summary>The 20th, 40th, 60th and 80th percentiles.</summary>
    public static double[] QuantileBreakpoints(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return [Percentile(sorted, 0.2), Percentile(sorted, 0.4), Percentile(sorted, 0.6), Percentile(sorted, 0.8)];
    }

    /// <summary>True when the list has four finite values, each greater than the one before.</summary>
    public static bool AreAscending(IReadOnlyList<double>? breakpoints) =>
        breakpoints is { Count: BreakpointCount }
        && breakpoints.All(double.IsFinite)
        && breakpoints.Zip(breakpoints.Skip(1)).All(p => p.First < p.Second);

    /// <summary>The default grid of SPEC §7 (rows R, columns F).</summary>
    public static IReadOnlyList<SegmentCell> DefaultSegmentMap { get; } = BuildDefault();

    /// <summary>Segment keys are kebab-case: lower-case letters and digits in words joined by single dashes.</summary>
    public static bool IsSegmentKey(string? key) => key is { Length: > 0 and <= SegmentKeyMaxLength } && SegmentKey().IsMatch(key);

    /// <summary>Why a grid is not a valid segment map (25 cells, one per (r, f) in 1..5, kebab-case keys), or null.</summary>
    public static string? ValidateMap(IReadOnlyList<SegmentCell>? cells)
    {
        if (cells is null || cells.Count != MapCells)
        {
            return "A segment map has exactly 25 cells, one per (r, f) with r and f from 1 to 5.";
        }

        if (cells.Any(c => c.R is < 1 or > MaxScore || c.F is < 1 or > MaxScore))
        {
            return "r and f are whole numbers from 1 to 5.";
        }

        if (cells.Select(c => (c.R, c.F)).Distinct().Count() != MapCells)
        {
            return "Each (r, f) appears exactly once.";
        }

        return cells.All(c => IsSegmentKey(c.Segment)) ? null : "Segment keys are kebab-case (e.g. cant-lose-them), at most 50 characters.";
    }

    private static SegmentCell[] BuildDefault()
    {
        // Rows R = 5..1, columns F = 1..5, exactly as the table in SPEC §7.
        string[][] grid =
        [
            ["new-customers", "potential-loyalists", "potential-loyalists", "champions", "champions"],
            ["promising", "potential-loyalists", "potential-loyalists", "loyal-customers", "loyal-customers"],
            ["about-to-sleep", "about-to-sleep", "need-attention", "loyal-customers", "loyal-customers"],
            ["hibernating", "hibernating", "at-risk", "at-risk", "cant-lose-them"],
            ["lost", "lost", "at-risk", "at-risk", "cant-lose-them"],
        ];
        return grid.SelectMany((row, i) => row.Select((segment, j) => new SegmentCell(5 - i, j + 1, segment))).ToArray();
    }

    [GeneratedRegex("^" + SegmentKeyWords + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentKey();
}
