using System.Globalization;
using System.Text.RegularExpressions;

namespace CustomerRetention.Application.BuildingBlocks.Json;

/// <summary>
/// The timestamps and dates the API accepts, in bodies and query strings alike (docs/api.md):
/// a timestamp is RFC 3339 with <c>Z</c> or an explicit offset, from
/// <see cref="EarliestTimestamp"/> to <see cref="LatestTimestamp"/>; a date is <c>YYYY-MM-DD</c>
/// from <see cref="EarliestDate"/> to <see cref="LatestDate"/>. Fields narrow these further
/// (not in the future, birthdays from 1900) in their validators. The bounds keep every value
/// a real instant: nothing maps to PostgreSQL's ±infinity, and date arithmetic cannot overflow.
/// </summary>
public static partial class ApiTime
{
    public static DateTimeOffset EarliestTimestamp { get; } = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset LatestTimestamp { get; } = new(2199, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public static DateOnly EarliestDate { get; } = new(1900, 1, 1);

    public static DateOnly LatestDate { get; } = new(2199, 12, 31);

    public const string TimestampRule =
        "an RFC 3339 timestamp with Z or an explicit offset (e.g. 2026-01-31T09:30:00Z), from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z";

    public const string DateRule = "a date in the form YYYY-MM-DD, from 1900-01-01 to 2199-12-31";

    /// <summary>Parses a timestamp by <see cref="TimestampRule"/>; the result is in UTC.</summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return IsInRange(value);
    }

    public static bool IsInRange(DateTimeOffset value) => value >= EarliestTimestamp && value <= LatestTimestamp;

    public static bool IsInRange(DateOnly value) => value >= EarliestDate && value <= LatestDate;

    /// <summary>Parses a date by <see cref="DateRule"/>.</summary>
    public static bool TryParseDate(string? text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value) && IsInRange(value);

    // RFC 3339 §5.6 date-time: full-date "T" full-time, with a time-offset that is Z or ±hh:mm.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
