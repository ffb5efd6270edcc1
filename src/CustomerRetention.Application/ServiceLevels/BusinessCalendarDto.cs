using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.ServiceLevels;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>A business calendar as the API returns it (SPEC §9.3).</summary>
public sealed record BusinessCalendarDto
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The IANA zone the intervals and holidays are local to.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The opening intervals, Monday first, in start order.</summary>
    public required IReadOnlyList<WeeklyIntervalDto> Weekly { get; init; }

    /// <summary>The closed local dates, in date order.</summary>
    public required IReadOnlyList<HolidayDto> Holidays { get; init; }

    /// <summary>Starts at 1 and goes up with every change.</summary>
    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(RowVersion);

    [JsonIgnore]
    public uint RowVersion { get; init; }

    public static BusinessCalendarDto Of(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new BusinessCalendarDto
        {
            Id = calendar.Id,
            Name = calendar.Name,
            TimeZone = calendar.TimeZone,
            Weekly = [.. calendar.Weekly.Select(i => new WeeklyIntervalDto(i.Day, ClockTime.Format(i.StartMinute), ClockTime.Format(i.EndMinute)))],
            Holidays = [.. calendar.Holidays.Select(h => new HolidayDto(h.Date, h.Name))],
            Version = calendar.Revision,
            CreatedAt = calendar.CreatedAt,
            UpdatedAt = calendar.UpdatedAt,
            RowVersion = calendar.Version,
        };
    }
}

/// <summary>An opening interval: local <c>HH:mm</c> times, <c>end</c> <c>24:00</c> for midnight.</summary>
public sealed record WeeklyIntervalDto(DayOfWeek Day, string Start, string End);

public sealed record HolidayDto(DateOnly Date, string Name);

/// <summary>When a target started at <c>start</c> falls due (<c>GET /business-calendars/{id}/due</c>).</summary>
public sealed record BusinessCalendarDueDto
{
    /// <summary>The due instant (UTC).</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>The start as given (UTC).</summary>
    public DateTimeOffset Start { get; init; }

    public int Minutes { get; init; }

    public HoursMode Mode { get; init; }

    /// <summary>The calendar's IANA zone.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The due instant on the calendar's wall clock, ISO 8601 with its UTC offset (<c>2025-03-31T10:00:00+02:00</c>), for a "due by" label.</summary>
    public required string LocalDueAt { get; init; }
}
