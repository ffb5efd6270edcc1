using FluentValidation;

namespace CustomerRetention.Application.Value.Contracts;

/// <summary>
/// The period conventions of the analytics endpoints (ADR 8) for other modules' analytics: a
/// required half-open [from, to) and the UTC intervals day, ISO week and calendar month, at most
/// <see cref="MaxPoints"/> periods.
/// </summary>
internal static class AnalyticsIntervals
{
    public static IReadOnlyList<string> Names => AnalyticsCalendar.IntervalNames;

    public static int MaxPoints => AnalyticsCalendar.MaxPoints;

    public static bool IsInterval(string? value) => AnalyticsCalendar.ParseInterval(value) is not null;

    /// <summary>How many aligned periods of <paramref name="interval"/> intersect [from, to).</summary>
    public static long PeriodCount(string interval, DateTimeOffset from, DateTimeOffset to) =>
        AnalyticsCalendar.Count(AnalyticsCalendar.ParseInterval(interval) ?? throw new ArgumentOutOfRangeException(nameof(interval)), from, to);

    /// <summary>The rules of <c>from</c> and <c>to</c>: both required, from before to.</summary>
    public static void AddPeriodRules<T>(AbstractValidator<T> validator, Func<T, DateTimeOffset?> from, Func<T, DateTimeOffset?> to) =>
        validator.AddPeriodRules(from, to);
}
