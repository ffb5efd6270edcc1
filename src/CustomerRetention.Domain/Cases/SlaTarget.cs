using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Domain.Cases;

/// <summary>Where one SLA target stands.</summary>
public enum SlaTargetState
{
    Running = 1,

    /// <summary>The case waits on the customer: a paused target cannot breach.</summary>
    Paused = 2,

    Achieved = 3,

    /// <summary>Its due time passed first; still waiting for what it measures.</summary>
    Breached = 4,

    /// <summary>Achieved after its due time.</summary>
    BreachedAchieved = 5,
}

/// <summary>
/// The roll-up of a case's targets: <see cref="Active"/> while any runs or waits and none missed,
/// <see cref="ActiveWithMisses"/> while any runs or waits and one missed, then <see cref="Hit"/> (all
/// achieved in time) or <see cref="Missed"/> (at least one breached).
/// </summary>
public enum SlaRollup
{
    Active = 1,
    Hit = 2,
    Missed = 3,
    ActiveWithMisses = 4,
}

/// <summary>
/// One SLA target of a case (SPEC §9.3): a metric (and, for next-response, its instance number)
/// with the target minutes of the case's policy at its priority, counted from
/// <see cref="StartedAt"/>. <see cref="DueAt"/> and <see cref="WarnAt"/> already include the time
/// the case was paused; a paused target keeps the due time it had when the pause began (the pause
/// moves it later on resume).
/// </summary>
public sealed class SlaTarget
{
    private SlaTarget()
    {
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public SlaMetric Metric { get; private set; }

    /// <summary>1 for first-response and resolution; 1, 2, … for the next-response instances.</summary>
    public int Instance { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The policy's minutes for this metric at the case's priority (business or calendar minutes).</summary>
    public int TargetMinutes { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset WarnAt { get; private set; }

    public SlaTargetState State { get; private set; }

    public DateTimeOffset? AchievedAt { get; private set; }

    public DateTimeOffset? BreachedAt { get; private set; }

    /// <summary>When the warning was emitted (once per target; null: never).</summary>
    public DateTimeOffset? WarnedAt { get; private set; }

    /// <summary>Whether the target still waits for what it measures (running, paused, or breached but not achieved).</summary>
    public bool IsOpen => State is SlaTargetState.Running or SlaTargetState.Paused or SlaTargetState.Breached;

    /// <summary>Whether it missed its due time (breached, achieved or not).</summary>
    public bool IsMissed => State is SlaTargetState.Breached or SlaTargetState.BreachedAchieved;

    internal static SlaTarget Start(Guid caseId, SlaMetric metric, int instance, DateTimeOffset startedAt, int minutes, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CaseId = caseId,
        Metric = metric,
        Instance = instance,
        StartedAt = startedAt,
        TargetMinutes = minutes,
        DueAt = startedAt,
        WarnAt = startedAt,
        State = SlaTargetState.Running,
    };

    internal void Schedule(int minutes, DateTimeOffset dueAt, DateTimeOffset warnAt)
    {
        TargetMinutes = minutes;
        DueAt = dueAt;
        WarnAt = warnAt;
    }

    internal void Pause() => State = State == SlaTargetState.Running ? SlaTargetState.Paused : State;

    internal void Resume() => State = State == SlaTargetState.Paused ? SlaTargetState.Running : State;

    internal void Breach(DateTimeOffset at)
    {
        State = SlaTargetState.Breached;
        BreachedAt = at;
    }

    internal void Achieve(DateTimeOffset at)
    {
        State = State == SlaTargetState.Breached ? SlaTargetState.BreachedAchieved : SlaTargetState.Achieved;
        AchievedAt = at;
    }

    internal void Warned(DateTimeOffset at) => WarnedAt = at;
}
