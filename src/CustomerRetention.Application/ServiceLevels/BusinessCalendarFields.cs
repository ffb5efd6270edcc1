using System.Globalization;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.ServiceLevels;
using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>The client-settable fields of a business calendar: the body of a create and of a replace (PUT).</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("version", "'version' is read-only: it goes up with every change.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record BusinessCalendarFields
{
    /// <summary>1–200 characters. Required.</summary>
    public string? Name { get; init; }

    /// <summary>An IANA time zone id (UTC, Europe/Berlin, America/New_York); the intervals and holidays are local to it. Required.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Up to 70 opening intervals in local wall-clock time, several per day allowed, not overlapping; an empty list means the calendar has no business hours (usable only in calendar mode).</summary>
    public List<WeeklyIntervalFields>? Weekly { get; init; }

    /// <summary>Up to 500 local dates on which the calendar is closed, each date once.</summary>
    public List<HolidayFields>? Holidays { get; init; }

    public BusinessCalendarDetails ToDetails() => new(
        Name!.Trim(),
        TimeZone!.Trim(),
        [.. (Weekly ?? []).Select(i => new WeeklyInterval(i.Day!.Value, ClockTime.Minutes(i.Start!)!.Value, ClockTime.Minutes(i.End!)!.Value))],
        [.. (Holidays ?? []).Select(h => new Holiday(h.Date!.Value, h.Name!.Trim()))]);
}

public sealed record WeeklyIntervalFields
{
    /// <summary>monday … sunday. Required.</summary>
    public DayOfWeek? Day { get; init; }

    /// <summary>Local opening time, HH:mm (00:00–23:59). Required.</summary>
    public string? Start { get; init; }

    /// <summary>Local closing time, HH:mm, after start; 24:00 is midnight at the end of the day. Required.</summary>
    public string? End { get; init; }
}

public sealed record HolidayFields
{
    /// <summary>A local date, YYYY-MM-DD. Required.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>1–100 characters. Required.</summary>
    public string? Name { get; init; }
}

/// <summary>The <c>HH:mm</c> spelling of a local time of day as minutes after midnight (<c>24:00</c> is 1440).</summary>
public static class ClockTime
{
    /// <summary>Minutes after midnight, or null when <paramref name="text"/> is not HH:mm from 00:00 to 24:00.</summary>
    public static int? Minutes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 5 || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return null;
        }

        var hours = int.Parse(text.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
        return hours == 24 && minutes == 0 ? BusinessHours.MinutesPerDay
            : hours < 24 && minutes < 60 ? (hours * 60) + minutes
            : null;
    }

    public static string Format(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}

/// <summary>IANA zone ids as the API accepts them: exactly an IANA id the host knows (UTC included).</summary>
public static class IanaZones
{
    public static bool IsKnown(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > ServiceLevelLimits.TimeZoneMaxLength)
        {
            return false;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return id == "UTC" || (zone.HasIanaId && zone.Id == id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

/// <summary>The rules of a business calendar (the OpenAPI document reads its bounds from here).</summary>
public sealed class BusinessCalendarFieldsValidator : AbstractValidator<BusinessCalendarFields>
{
    public BusinessCalendarFieldsValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ServiceLevelLimits.NameMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'name' must not be blank.");
        RuleFor(x => x.TimeZone).NotEmpty().MaximumLength(ServiceLevelLimits.TimeZoneMaxLength)
            .Must(z => z is null || IanaZones.IsKnown(z.Trim())).WithMessage("Not an IANA time zone id (for example UTC, Europe/Berlin, America/New_York).");
        RuleFor(x => x.Weekly).Must(w => w is null || w.Count <= ServiceLevelLimits.MaxWeeklyIntervals)
            .WithMessage($"At most {ServiceLevelLimits.MaxWeeklyIntervals} weekly intervals.");
        RuleForEach(x => x.Weekly).NotNull().SetValidator(new IntervalValidator());
        RuleForEach(x => x.Weekly).Must((fields, interval) => !OverlapsAnother(fields.Weekly!, interval))
            .WithMessage("This interval overlaps another interval of the same day.")
            .When(x => x.Weekly is not null);
        RuleFor(x => x.Holidays).Must(h => h is null || h.Count <= ServiceLevelLimits.MaxHolidays)
            .WithMessage($"At most {ServiceLevelLimits.MaxHolidays} holidays.");
        RuleForEach(x => x.Holidays).NotNull().SetValidator(new HolidayValidator());
        RuleForEach(x => x.Holidays).Must((fields, holiday) => holiday?.Date is null || fields.Holidays!.Count(h => h?.Date == holiday.Date) == 1)
            .WithMessage("Each holiday date appears once.")
            .When(x => x.Holidays is not null);
    }

    private static bool OverlapsAnother(List<WeeklyIntervalFields> weekly, WeeklyIntervalFields? interval)
    {
        if (Parsed(interval) is not { } self)
        {
            return false;
        }

        return weekly.Where(other => !ReferenceEquals(other, interval)).Select(Parsed)
            .Any(other => other is { } o && o.Day == self.Day && o.Start < self.End && self.Start < o.End);
    }

    private static (DayOfWeek Day, int Start, int End)? Parsed(WeeklyIntervalFields? interval) =>
        interval is { Day: { } day, Start: { } start, End: { } end } && ClockTime.Minutes(start) is { } s && ClockTime.Minutes(end) is { } e && s < e
            ? (day, s, e)
            : null;

    private sealed class IntervalValidator : AbstractValidator<WeeklyIntervalFields>
    {
        public IntervalValidator()
        {
            RuleFor(x => x.Day).NotNull().IsInEnum();
            RuleFor(x => x.Start).NotEmpty().MaximumLength(5)
                .Must(s => s is null || ClockTime.Minutes(s) is < BusinessHours.MinutesPerDay).WithMessage("'start' must be a local time HH:mm from 00:00 to 23:59.");
            RuleFor(x => x.End).NotEmpty().MaximumLength(5)
                .Must(s => s is null || ClockTime.Minutes(s) is > 0).WithMessage("'end' must be a local time HH:mm from 00:01 to 24:00.");
            RuleFor(x => x.End).Must((i, end) => ClockTime.Minutes(i.Start!) < ClockTime.Minutes(end!)).WithMessage("'end' must be after 'start'.")
                .When(i => i.Start is not null && i.End is not null && ClockTime.Minutes(i.Start) is not null && ClockTime.Minutes(i.End) is not null);
        }
    }

    private sealed class HolidayValidator : AbstractValidator<HolidayFields>
    {
        public HolidayValidator()
        {
            RuleFor(x => x.Date).NotNull();
            RuleFor(x => x.Name).NotEmpty().MaximumLength(ServiceLevelLimits.HolidayNameMaxLength)
                .Must(s => s is null || s.Trim().Length > 0).WithMessage("'name' must not be blank.");
        }
    }
}
