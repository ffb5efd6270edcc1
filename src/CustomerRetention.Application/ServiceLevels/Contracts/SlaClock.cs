using CustomerRetention.Domain.ServiceLevels;

namespace CustomerRetention.Application.ServiceLevels.Contracts;

/// <summary>
/// The clock arithmetic of one policy version (SPEC §9.3 rules 3–5): business minutes on the
/// policy's calendar in business mode, real minutes in calendar mode. All instants are UTC; a
/// search beyond about ten years throws a <c>DomainValidationException</c>.
/// </summary>
public sealed class SlaClock
{
    private readonly BusinessHours _hours;
    private readonly HoursMode _mode;

    internal SlaClock(BusinessHours hours, HoursMode mode)
    {
        _hours = hours;
        _mode = mode;
    }

    /// <summary>Whether the clock counts business minutes (else real minutes).</summary>
    public bool CountsBusinessMinutes => _mode == HoursMode.Business;

    /// <summary>The instant <paramref name="minutes"/> counted minutes after <paramref name="start"/>.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, int minutes) => _hours.Due(start, minutes, _mode);

    /// <summary>The instant <paramref name="budget"/> counted time after <paramref name="start"/>.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, TimeSpan budget) => _hours.Due(start, budget, _mode);

    /// <summary>When <paramref name="percent"/> % of a target of <paramref name="minutes"/> has elapsed (the warning).</summary>
    public DateTimeOffset WarnAt(DateTimeOffset start, int minutes, int percent) =>
        _hours.Due(start, TimeSpan.FromMinutes(minutes * (percent / 100.0)), _mode);

    /// <summary>The counted time between two instants (zero when <paramref name="to"/> is not later).</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to) => _hours.Elapsed(from, to, _mode);

    /// <summary>The next business day of the policy's calendar after the local date of <paramref name="instant"/>; null when the policy has no calendar with opening hours.</summary>
    public DateOnly? NextBusinessDay(DateTimeOffset instant) => _hours.NextBusinessDay(instant);

    /// <summary>The real time between two instants, whatever the mode (the "elapsed calendar minutes" of a target).</summary>
    public TimeSpan CalendarElapsed(DateTimeOffset from, DateTimeOffset to) => _hours.Elapsed(from, to, HoursMode.Calendar);

    /// <summary>A due time moved later by a pause of [<paramref name="pausedFrom"/>, <paramref name="pausedTo"/>), counted in the clock's mode.</summary>
    public DateTimeOffset ExtendByPause(DateTimeOffset due, DateTimeOffset pausedFrom, DateTimeOffset pausedTo) =>
        _hours.ExtendByPause(due, pausedFrom, pausedTo, _mode);
}
