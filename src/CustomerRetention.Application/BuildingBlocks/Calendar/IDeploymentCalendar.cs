namespace CustomerRetention.Application.BuildingBlocks.Calendar;

/// <summary>
/// Local dates in the one deployment time zone (<c>Crm:TimeZone</c>, IANA, default UTC; SPEC §9):
/// what "today" is, which local date an instant falls on, when a local date starts. Birthdays, due
/// dates and daily schedules are read through it; instants stay UTC everywhere else.
/// </summary>
public interface IDeploymentCalendar
{
    /// <summary>The zone (IANA id in <see cref="TimeZoneInfo.Id"/>).</summary>
    TimeZoneInfo Zone { get; }

    /// <summary>The zone's IANA id (<c>UTC</c>, <c>Europe/Berlin</c>), as PostgreSQL's <c>AT TIME ZONE</c> and the job schedules take it.</summary>
    string ZoneId { get; }

    /// <summary>Today's date in the zone, from the injected <see cref="TimeProvider"/>.</summary>
    DateOnly Today { get; }

    /// <summary>The local date of <paramref name="instant"/> in the zone.</summary>
    DateOnly LocalDate(DateTimeOffset instant);

    /// <summary>The instant <paramref name="day"/> starts in the zone (its first valid local time across a DST gap).</summary>
    DateTimeOffset StartOf(DateOnly day);
}

/// <summary>The calendar of <see cref="DeploymentTimeZone"/> on a <see cref="TimeProvider"/>.</summary>
public sealed class DeploymentCalendar(TimeProvider clock, DeploymentTimeZone zone) : IDeploymentCalendar
{
    public TimeZoneInfo Zone => zone.Zone;

    public string ZoneId => zone.Id;

    public DateOnly Today => LocalDate(clock.GetUtcNow());

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateTimeOffset StartOf(DateOnly day) => StartOf(Zone, day);

    /// <summary>The instant <paramref name="date"/> starts in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOf(TimeZoneInfo zone, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>
/// <c>Crm:TimeZone</c>, read once at start-up: an IANA id (<c>Europe/Berlin</c>), default <c>UTC</c>.
/// Anything else stops the start-up with a message naming the setting.
/// </summary>
public sealed class DeploymentTimeZone
{
    public const string Setting = "Crm:TimeZone";

    private DeploymentTimeZone(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>The IANA id, as PostgreSQL's <c>AT TIME ZONE</c> takes it.</summary>
    public string Id => Zone.HasIanaId ? Zone.Id : "UTC";

    public static DeploymentTimeZone Utc { get; } = new(TimeZoneInfo.Utc);

    public static DeploymentTimeZone Read(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Utc;
        }

        var id = configured.Trim();
        if (id == "UTC")
        {
            return Utc;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            if (zone.HasIanaId && zone.Id == id)
            {
                return new DeploymentTimeZone(zone);
            }
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw Invalid(id, e);
        }

        throw Invalid(id, null);
    }

    private static InvalidOperationException Invalid(string id, Exception? inner) =>
        new($"{Setting} '{id}' is not an IANA time zone id (for example UTC, Europe/Berlin, America/New_York; environment variable Crm__TimeZone).", inner);
}
