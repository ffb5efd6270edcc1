namespace CustomerRetention.Domain.Alerts;

/// <summary>What an alert rule watches (SPEC §9.1). Window kinds are evaluated over all customers at an <c>asOf</c>; event kinds when their event happens.</summary>
public enum AlertKind
{
    /// <summary>Completed orders in the last window fell against the window before.</summary>
    FrequencyDrop = 1,

    /// <summary>The last complete period's spend drifted from the mean of the periods before.</summary>
    SpendDrift = 2,

    /// <summary>The latest CLV model's P(alive) is below a threshold.</summary>
    PAliveLow = 3,

    /// <summary>The days since the last purchase day exceed the usual interval by a factor.</summary>
    Overdue = 4,

    /// <summary>An RFM run placed the customer in a watched segment it was not in at the previous run.</summary>
    SegmentEntered = 5,

    /// <summary>A survey response with an NPS score at or below a maximum (reacting to <c>survey.response-received</c>).</summary>
    NpsDetractor = 6,

    /// <summary>A case's SLA target was breached (reacting to <c>sla.breached</c>).</summary>
    SlaBreach = 7,
}

/// <summary>How serious an alert is; the order matters (an alert's severity only ever rises automatically).</summary>
public enum AlertSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>Where an alert stands (SPEC §9.1). The closed states are terminal.</summary>
public enum AlertStatus
{
    Open = 1,
    Acknowledged = 2,
    Snoozed = 3,
    Resolved = 4,
    Dismissed = 5,
    AutoResolved = 6,
}

/// <summary>How a resolved alert ended.</summary>
public enum AlertOutcome
{
    Retained = 1,
    Lost = 2,
    FalsePositive = 3,
    NoAction = 4,
}

/// <summary>The kinds' shared facts: which are evaluated over windows, and which are still waiting for their module.</summary>
public static class AlertKinds
{
    /// <summary>Kinds evaluated set-based at an <c>asOf</c> (on a schedule and on demand).</summary>
    public static bool IsWindow(AlertKind kind) => kind is AlertKind.FrequencyDrop or AlertKind.SpendDrift or AlertKind.PAliveLow or AlertKind.Overdue;

    /// <summary>Kinds that can be evaluated on demand with an <c>asOf</c> (the window kinds and <c>segment-entered</c>, against the RFM runs of then).</summary>
    public static bool IsEvaluable(AlertKind kind) => IsWindow(kind) || kind == AlertKind.SegmentEntered;
}

/// <summary>The alert lifecycle of SPEC §9.1 as one table: the API, the validator and the docs read it from here.</summary>
public static class AlertLifecycle
{
    private static readonly Dictionary<AlertStatus, AlertStatus[]> Allowed = new()
    {
        [AlertStatus.Open] = [AlertStatus.Acknowledged, AlertStatus.Snoozed, AlertStatus.Resolved, AlertStatus.Dismissed, AlertStatus.AutoResolved],
        [AlertStatus.Acknowledged] = [AlertStatus.Snoozed, AlertStatus.Resolved, AlertStatus.Dismissed, AlertStatus.AutoResolved],
        [AlertStatus.Snoozed] = [AlertStatus.Open, AlertStatus.Resolved, AlertStatus.Dismissed, AlertStatus.AutoResolved],
        [AlertStatus.Resolved] = [],
        [AlertStatus.Dismissed] = [],
        [AlertStatus.AutoResolved] = [],
    };

    /// <summary>The statuses of an active alert: at most one per dedupe key.</summary>
    public static IReadOnlyList<AlertStatus> Active { get; } = [AlertStatus.Open, AlertStatus.Acknowledged, AlertStatus.Snoozed];

    public static bool IsActive(AlertStatus status) => status is AlertStatus.Open or AlertStatus.Acknowledged or AlertStatus.Snoozed;

    public static IReadOnlyList<AlertStatus> Next(AlertStatus from) => Allowed[from];

    public static bool CanMove(AlertStatus from, AlertStatus to) => Allowed[from].Contains(to);
}
