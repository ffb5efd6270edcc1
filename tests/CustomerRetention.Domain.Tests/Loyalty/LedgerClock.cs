using CustomerRetention.Domain.Loyalty;

namespace CustomerRetention.Domain.Tests.Loyalty;

/// <summary>Ledger times in a UTC deployment: day 0 is 2026-01-10 at noon.</summary>
internal static class LedgerClock
{
    public static readonly DateTimeOffset Start = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public static LedgerTime Day(int day, int hour = 12) => At(Start.Date.AddDays(day).AddHours(hour));

    public static LedgerTime At(DateTime utc)
    {
        var at = new DateTimeOffset(utc, TimeSpan.Zero);
        return new LedgerTime(at, DateOnly.FromDateTime(utc));
    }
}
