using CustomerRetention.Domain.BuildingBlocks;

namespace CustomerRetention.Domain.ServiceLevels;

/// <summary>
/// One weekly opening interval in local wall-clock time: from <see cref="StartMinute"/> up to (not
/// including) <see cref="EndMinute"/>, both minutes after local midnight; <see cref="EndMinute"/>
/// 1440 is <c>24:00</c>, the end of the day.
/// </summary>
public sealed record WeeklyInterval(DayOfWeek Day, int StartMinute, int EndMinute);

/// <summary>A local date on which the calendar is closed all day.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// Business-time arithmetic over a business calendar (SPEC §9.3 rule 4, docs/service-levels.md).
/// <para>
/// A <b>business minute</b> is a real minute whose instant, read on the wall clock of
/// <see cref="Zone"/>, falls inside one of the weekly intervals of its weekday, on a local date that
/// is not a holiday. So an interval is exactly the set of instants at which the local clock shows a
/// time in [start, end): across a spring-forward gap it is shorter by the skipped hour (the clock
/// never shows 02:00–03:00), across a fall-back it is longer by the repeated hour (the clock shows
/// 02:00–03:00 twice), and its business length is always its real length.
/// </para>
/// <para>
/// Calendar mode ignores the intervals and counts real elapsed time, so a due time 24 hours after
/// 12:00 the day before a DST change reads 11:00 or 13:00 on the wall clock.
/// </para>
/// Searches are bounded: a result more than <see cref="HorizonDays"/> days away is refused with a
/// <see cref="DomainValidationException"/> on <c>minutes</c> instead of looping.
/// </summary>
public sealed class BusinessHours
{
    /// <summary>About ten years: how far <see cref="Due(DateTimeOffset, TimeSpan, HoursMode)"/> and <see cref="Elapsed"/> look.</summary>
    public const int HorizonDays = 3660;

    /// <summary>Offsets change at most every few months; sampling every 6 hours finds every change between two sample points.</summary>
    private static readonly TimeSpan OffsetSampleStep = TimeSpan.FromHours(6);

    /// <summary>Wider than any UTC offset (±14 h), so a local day's instants all fall in the sampled window.</summary>
    private static readonly TimeSpan OffsetMargin = TimeSpan.FromHours(15);

    private readonly IReadOnlyList<WeeklyInterval>[] _byDay;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessHours(TimeZoneInfo zone, IReadOnlyList<WeeklyInterval> weekly, IReadOnlyList<Holiday> holidays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(weekly);
        ArgumentNullException.ThrowIfNull(holidays);
        Zone = zone;
        Weekly = weekly;
        Holidays = holidays;
        _byDay = new IReadOnlyList<WeeklyInterval>[7];
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var intervals = weekly.Where(i => i.Day == day).OrderBy(i => i.StartMinute).ToArray();
            for (var i = 0; i < intervals.Length; i++)
            {
                var interval = intervals[i];
                if (interval.StartMinute < 0 || interval.EndMinute > MinutesPerDay || interval.StartMinute >= interval.EndMinute)
                {
                    throw new ArgumentException($"The interval {interval} is not within one day with start before end.", nameof(weekly));
                }

                if (i > 0 && intervals[i - 1].EndMinute > interval.StartMinute)
                {
                    throw new ArgumentException($"The intervals of {day} overlap.", nameof(weekly));
                }
            }

            _byDay[(int)day] = intervals;
        }

        _holidays = [.. holidays.Select(h => h.Date)];
    }

    public const int MinutesPerDay = 1440;

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<WeeklyInterval> Weekly { get; }

    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>Whether business mode can count anything at all: at least one weekly interval.</summary>
    public bool HasOpenHours => Weekly.Count > 0;

    /// <summary>The instant at which <paramref name="minutes"/> minutes in <paramref name="mode"/> have elapsed after <paramref name="start"/>.</summary>
    public DateTimeOffset Due(DateTimeOffset start, int minutes, HoursMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        return Due(start, TimeSpan.FromMinutes(minutes), mode);
    }

    /// <summary>
    /// The instant at which <paramref name="duration"/> in <paramref name="mode"/> has elapsed after
    /// <paramref name="start"/>. Zero is <paramref name="start"/> itself, even outside the hours;
    /// otherwise a start outside the hours counts from the next opening, and a duration that ends
    /// exactly at a closing time is due at that closing time (not at the next opening).
    /// </summary>
    public DateTimeOffset Due(DateTimeOffset start, TimeSpan duration, HoursMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var utcStart = start.ToUniversalTime();
        if (duration == TimeSpan.Zero)
        {
            return utcStart;
        }

        if (mode == HoursMode.Calendar)
        {
            return duration > TimeSpan.FromDays(HorizonDays) ? throw BeyondHorizon() : utcStart + duration;
        }

        RequireOpenHours();
        var remaining = duration;
        var firstDay = LocalDate(utcStart).AddDays(-1);
        for (var day = firstDay; day.DayNumber - firstDay.DayNumber <= HorizonDays; day = day.AddDays(1))
        {
            foreach (var (spanStart, spanEnd) in OpenSpans(day))
            {
                var from = spanStart > utcStart ? spanStart : utcStart;
                if (from >= spanEnd)
                {
                    continue;
                }

                var available = spanEnd - from;
                if (remaining <= available)
                {
                    return from + remaining;
                }

                remaining -= available;
            }
        }

        throw BeyondHorizon();
    }

    /// <summary>
    /// The minutes in <paramref name="mode"/> between two instants (zero when <paramref name="to"/>
    /// is not after <paramref name="from"/>): what a consumed or paused clock counts. Exact to the
    /// tick; callers round as they report.
    /// </summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to, HoursMode mode)
    {
        var utcFrom = from.ToUniversalTime();
        var utcTo = to.ToUniversalTime();
        if (utcTo <= utcFrom)
        {
            return TimeSpan.Zero;
        }

        if (utcTo - utcFrom > TimeSpan.FromDays(HorizonDays))
        {
            throw new DomainValidationException("to", $"Elapsed time is counted over at most {HorizonDays} days.");
        }

        if (mode == HoursMode.Calendar)
        {
            return utcTo - utcFrom;
        }

        RequireOpenHours();
        var total = TimeSpan.Zero;
        var lastDay = LocalDate(utcTo).AddDays(1);
        for (var day = LocalDate(utcFrom).AddDays(-1); day <= lastDay; day = day.AddDays(1))
        {
            foreach (var (spanStart, spanEnd) in OpenSpans(day))
            {
                var start = spanStart > utcFrom ? spanStart : utcFrom;
                var end = spanEnd < utcTo ? spanEnd : utcTo;
                if (start < end)
                {
                    total += end - start;
                }
            }
        }

        return total;
    }

    /// <summary>
    /// A due time moved later by a pause (SPEC §9.3 rule 3): the minutes in <paramref name="mode"/>
    /// between <paramref name="pausedFrom"/> and <paramref name="pausedTo"/> are added to
    /// <paramref name="due"/> in the same mode.
    /// </summary>
    public DateTimeOffset ExtendByPause(DateTimeOffset due, DateTimeOffset pausedFrom, DateTimeOffset pausedTo, HoursMode mode) =>
        Due(due, Elapsed(pausedFrom, pausedTo, mode), mode);

    /// <summary>Whether <paramref name="instant"/> is a business minute.</summary>
    public bool IsOpenAt(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var day = LocalDate(utc);
        return OpenSpans(day).Any(s => s.Start <= utc && utc < s.End);
    }

    /// <summary>
    /// The first local date after the local date of <paramref name="instant"/> with opening hours
    /// that is not a holiday ("the next business day"); null when the calendar has no weekly interval.
    /// </summary>
    public DateOnly? NextBusinessDay(DateTimeOffset instant)
    {
        if (!HasOpenHours)
        {
            return null;
        }

        var day = LocalDate(instant).AddDays(1);
        while (_byDay[(int)day.DayOfWeek].Count == 0 || _holidays.Contains(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The local date of an instant in <see cref="Zone"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The local wall-clock time of an instant in <see cref="Zone"/>, with its offset.</summary>
    public DateTimeOffset LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// The open instants of one local date, as UTC spans in time order: for each interval and each
    /// stretch of constant UTC offset, the instants whose wall-clock time lies in the interval.
    /// </summary>
    private List<(DateTimeOffset Start, DateTimeOffset End)> OpenSpans(DateOnly day)
    {
        var spans = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var intervals = _byDay[(int)day.DayOfWeek];
        if (intervals.Count == 0 || _holidays.Contains(day))
        {
            return spans;
        }

        var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var stretches = OffsetStretches(midnight - OffsetMargin, midnight.AddDays(1) + OffsetMargin);
        foreach (var interval in intervals)
        {
            // The wall-clock bounds written as if they were UTC; minus an offset they are instants.
            var localStart = midnight.AddMinutes(interval.StartMinute);
            var localEnd = midnight.AddMinutes(interval.EndMinute);
            foreach (var (from, to, offset) in stretches)
            {
                var start = Max(from, localStart - offset);
                var end = Min(to, localEnd - offset);
                if (start < end)
                {
                    spans.Add((start, end));
                }
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return spans;
    }

    /// <summary>The stretches of constant UTC offset of <see cref="Zone"/> that cover [from, to).</summary>
    private List<(DateTimeOffset From, DateTimeOffset To, TimeSpan Offset)> OffsetStretches(DateTimeOffset from, DateTimeOffset to)
    {
        var stretches = new List<(DateTimeOffset, DateTimeOffset, TimeSpan)>();
        var stretchStart = from;
        var offset = Zone.GetUtcOffset(from);
        for (var sample = from; sample < to;)
        {
            var next = Min(sample + OffsetSampleStep, to);
            var nextOffset = Zone.GetUtcOffset(next);
            if (nextOffset != offset)
            {
                var change = FirstWithOffset(sample, next, offset);
                stretches.Add((stretchStart, change, offset));
                stretchStart = change;
                offset = Zone.GetUtcOffset(change);
            }

            sample = next;
        }

        stretches.Add((stretchStart, to, offset));
        return stretches;
    }

    /// <summary>The first instant (to the second) after <paramref name="low"/> whose offset is no longer <paramref name="offset"/>.</summary>
    private DateTimeOffset FirstWithOffset(DateTimeOffset low, DateTimeOffset high, TimeSpan offset)
    {
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + TimeSpan.FromSeconds(Math.Floor((high - low).TotalSeconds / 2));
            if (Zone.GetUtcOffset(middle) == offset)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }

    private void RequireOpenHours()
    {
        if (!HasOpenHours)
        {
            throw new DomainValidationException("mode", "The calendar has no weekly interval, so no business minute ever passes: use calendar mode or add intervals.");
        }
    }

    private static DomainValidationException BeyondHorizon() =>
        new("minutes", $"The due time would be more than {HorizonDays} days (about ten years) away.");

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
