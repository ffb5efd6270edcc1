namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// A row of <c>job_schedules</c>: when the schedule of a job kind is next due. Written by
/// <see cref="JobScheduler{TKind}"/> only; the configuration (<c>Jobs:&lt;Kind&gt;:Schedule</c>) is
/// the source of the cron expression, the row is where the instances agree on who fires.
/// </summary>
public sealed class JobSchedule
{
    private JobSchedule()
    {
    }

    /// <summary>The job kind (<c>Rfm</c>, <c>Clv</c>).</summary>
    public string Kind { get; private set; } = null!;

    /// <summary>The cron expression the row was computed from; a changed setting recomputes <see cref="NextDueAt"/>.</summary>
    public string Cron { get; private set; } = null!;

    /// <summary>The IANA time zone the expression is read in.</summary>
    public string TimeZone { get; private set; } = null!;

    /// <summary>The next occurrence; the instance that moves it forward fires the occurrence.</summary>
    public DateTimeOffset NextDueAt { get; private set; }

    /// <summary>When an occurrence last fired, or null.</summary>
    public DateTimeOffset? LastFiredAt { get; private set; }
}
