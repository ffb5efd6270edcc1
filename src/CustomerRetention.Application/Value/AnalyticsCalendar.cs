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
