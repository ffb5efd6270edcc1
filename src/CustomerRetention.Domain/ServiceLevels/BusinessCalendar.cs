using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.ServiceLevels;

/// <summary>What a client may set on a business calendar: its IANA zone, weekly intervals and holidays.</summary>
public sealed record BusinessCalendarDetails(string Name, string TimeZone, IReadOnlyList<WeeklyInterval> Weekly, IReadOnlyList<Holiday> Holidays);

/// <summary>
/// A named business calendar (SPEC §9.3): the hours SLA clocks in business mode count. Calendars
/// carry their own zone, independent of <c>Crm:TimeZone</c>. <see cref="Revision"/> counts the
/// changes (the API's <c>version</c>); the row version behind the ETag is <see cref="Version"/>.
/// </summary>
public sealed class BusinessCalendar : AggregateRoot
{
    public const string ResourceType = "business-calendar";

    private BusinessCalendar()
    {
        Name = string.Empty;
        TimeZone = "UTC";
        Weekly = [];
        Holidays = [];
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>An IANA zone id (<c>Europe/Berlin</c>); the intervals and holidays are local to it.</summary>
    public string TimeZone { get; private set; }

    public IReadOnlyList<WeeklyInterval> Weekly { get; private set; }

    public IReadOnlyList<Holiday> Holidays { get; private set; }

    public int Revision { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static BusinessCalendar Create(BusinessCalendarDetails details, DateTimeOffset now)
    {
        var calendar = new BusinessCalendar { Id = Guid.CreateVersion7(now), CreatedAt = now, Revision = 1 };
        calendar.Apply(details, now);
        calendar.Raise(new BusinessCalendarCreated(calendar, now));
        return calendar;
    }

    public BusinessCalendarDetails ToDetails() => new(Name, TimeZone, Weekly, Holidays);

    /// <summary>The arithmetic over this calendar (the zone is resolved from <see cref="TimeZone"/>).</summary>
    public BusinessHours Hours() => new(TimeZoneInfo.FindSystemTimeZoneById(TimeZone), Weekly, Holidays);

    /// <summary>Replaces the calendar as a whole; an identical definition changes nothing and raises nothing.</summary>
    public void Replace(BusinessCalendarDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var changes = new FieldChanges()
            .Compare("name", Name, details.Name)
            .Compare("timeZone", TimeZone, details.TimeZone)
            .CompareSequence("weekly", Ordered(Weekly), Ordered(details.Weekly))
            .CompareSequence("holidays", Holidays.OrderBy(h => h.Date), details.Holidays.OrderBy(h => h.Date));
        if (!changes.Any)
        {
            return;
        }

        Apply(details, now);
        Revision++;
        Raise(new BusinessCalendarUpdated(this, changes.Names, now));
    }

    public void MarkDeleted(DateTimeOffset now) => Raise(new BusinessCalendarDeleted(Id, now));

    private static IEnumerable<WeeklyInterval> Ordered(IEnumerable<WeeklyInterval> weekly) =>
        weekly.OrderBy(i => ((int)i.Day + 6) % 7).ThenBy(i => i.StartMinute);

    private void Apply(BusinessCalendarDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);

        // Throws on overlapping or reversed intervals, so an entity never holds a calendar the arithmetic refuses.
        _ = new BusinessHours(TimeZoneInfo.FindSystemTimeZoneById(details.TimeZone), details.Weekly, details.Holidays);
        Name = details.Name;
        TimeZone = details.TimeZone;
        Weekly = [.. Ordered(details.Weekly)];
        Holidays = [.. details.Holidays.OrderBy(h => h.Date)];
        UpdatedAt = now;
    }
}

/// <summary><c>calendar.created</c>: a business calendar was created.</summary>
public sealed record BusinessCalendarCreated(BusinessCalendar Calendar, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "calendar.created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(BusinessCalendar.ResourceType, Calendar.Id);
}

/// <summary><c>calendar.updated</c>: a business calendar changed (its version went up); running business-mode clocks count by the new hours from now on.</summary>
public sealed record BusinessCalendarUpdated(BusinessCalendar Calendar, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "calendar.updated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(BusinessCalendar.ResourceType, Calendar.Id);
}

/// <summary><c>calendar.deleted</c>: a business calendar no SLA policy used was deleted.</summary>
public sealed record BusinessCalendarDeleted(Guid CalendarId, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "calendar.deleted";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(BusinessCalendar.ResourceType, CalendarId);
}
