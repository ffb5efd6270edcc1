using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Domain.Cases;

/// <summary>
/// The time arithmetic of a case's SLA policy: business minutes on the policy's calendar (its
/// zone, intervals and holidays) or real minutes (calendar mode). The service levels provide it;
/// the case only counts with it.
/// </summary>
public interface ISlaCalendar
{
    /// <summary>The instant at which <paramref name="budget"/> counted time has passed after <paramref name="start"/>.</summary>
    DateTimeOffset Due(DateTimeOffset start, TimeSpan budget);

    /// <summary>The counted time between two instants (zero when <paramref name="until"/> is not later).</summary>
    TimeSpan Elapsed(DateTimeOffset start, DateTimeOffset until);
}

/// <summary>
/// The terms a case's SLA follows: the policy and version it records, the minutes per metric and
/// priority, the warning percentage and the policy's calendar arithmetic.
/// </summary>
public sealed class SlaPlan(Guid policyId, int policyVersion, int warnAtPercent, IReadOnlyDictionary<(SlaMetric Metric, CasePriority Priority), int> minutes, ISlaCalendar calendar)
{
    public Guid PolicyId { get; } = policyId;

    public int PolicyVersion { get; } = policyVersion;

    public int WarnAtPercent { get; } = warnAtPercent;

    public ISlaCalendar Calendar { get; } = calendar;

    /// <summary>The target minutes, or null: the policy sets none for this metric at this priority, so no clock runs.</summary>
    public int? MinutesFor(SlaMetric metric, CasePriority priority) => minutes.TryGetValue((metric, priority), out var m) ? m : null;
}
