using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Alerts;

/// <summary>
/// An alert (SPEC §9.1): a rule found a condition on a customer. Opened, re-detected, escalated and
/// auto-resolved by evaluations (set-based SQL, which writes the same columns and history rows);
/// acknowledged, snoozed, resolved, dismissed and assigned by people through these methods. At most
/// one active alert exists per <see cref="DedupeKey"/> (a partial unique index).
/// </summary>
public sealed class Alert : AggregateRoot
{
    public const string ResourceType = "alert";
    public const int NoteMaxLength = 2000;
    public const int TitleMaxLength = 200;

    private readonly List<AlertHistoryEntry> _history = [];

    private Alert()
    {
        DedupeKey = Title = Reason = Evidence = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid RuleId { get; private set; }

    public int RuleVersion { get; private set; }

    public AlertKind Kind { get; private set; }

    public Guid CustomerId { get; private set; }

    public string DedupeKey { get; private set; }

    public AlertSeverity Severity { get; private set; }

    public AlertStatus Status { get; private set; }

    public string Title { get; private set; }

    /// <summary>A sentence rendered from the evidence.</summary>
    public string Reason { get; private set; }

    /// <summary>The evidence document (params, inputs, window bounds, computed values, asOf, runs or models used) as JSON.</summary>
    public string Evidence { get; private set; }

    /// <summary>The computed number the rule compared with its threshold.</summary>
    public decimal? Score { get; private set; }

    /// <summary>The evaluation's <c>asOf</c> when first detected.</summary>
    public DateTimeOffset FirstDetectedAt { get; private set; }

    /// <summary>The <c>asOf</c> of the latest detection.</summary>
    public DateTimeOffset LastDetectedAt { get; private set; }

    public int Occurrences { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? SnoozedUntil { get; private set; }

    public string? SnoozeReason { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public AlertOutcome? Outcome { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The evaluation that opened it (null for alerts opened by an event).</summary>
    public Guid? EvaluationId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint RowVersion { get; private set; }

    /// <summary>Status and severity changes, oldest first (append-only).</summary>
    public IReadOnlyList<AlertHistoryEntry> History => _history;

    public void Acknowledge(string? note, string actor, DateTimeOffset now)
    {
        Move(AlertStatus.Acknowledged, actor, note, now);
        AcknowledgedAt = now;
        AcknowledgedBy = actor;
    }

    /// <summary>Snoozes until <paramref name="until"/>; the first evaluation after it that still finds the condition re-opens the alert.</summary>
    public void Snooze(DateTimeOffset until, string? reason, string actor, DateTimeOffset now)
    {
        if (until <= now)
        {
            throw new DomainValidationException("until", "'until' must be in the future.");
        }

        Move(AlertStatus.Snoozed, actor, reason, now);
        SnoozedUntil = until;
        SnoozeReason = reason;
    }

    public void Resolve(AlertOutcome outcome, string? note, string actor, DateTimeOffset now)
    {
        Move(AlertStatus.Resolved, actor, note, now);
        Outcome = outcome;
        Close(note, actor, now);
    }

    public void Dismiss(string? note, string actor, DateTimeOffset now)
    {
        Move(AlertStatus.Dismissed, actor, note, now);
        Close(note, actor, now);
    }

    /// <summary>Gives the alert to a person (null: nobody).</summary>
    public void Assign(Guid? assigneeId, string actor, DateTimeOffset now)
    {
        if (assigneeId == AssigneeId)
        {
            return;
        }

        var previous = AssigneeId;
        AssigneeId = assigneeId;
        UpdatedAt = now;
        Raise(new AlertUpdated(this, ["assigneeId"], new Dictionary<string, object?> { ["assigneeId"] = previous }, actor, now));
    }

    private void Close(string? note, string actor, DateTimeOffset now)
    {
        ClosedAt = now;
        ClosedBy = actor;
        Note = note;
        SnoozedUntil = null;
    }

    private void Move(AlertStatus to, string actor, string? note, DateTimeOffset now)
    {
        if (!AlertLifecycle.CanMove(Status, to))
        {
            throw new DomainException(
                "alert-transition-not-allowed",
                $"An alert that is {Name(Status)} cannot become {Name(to)}.",
                new Dictionary<string, object?> { ["currentStatus"] = Name(Status), ["allowed"] = AlertLifecycle.Next(Status).Where(s => s != AlertStatus.AutoResolved && s != AlertStatus.Open).Select(Name).ToArray() });
        }

        var from = Status;
        Status = to;
        UpdatedAt = now;
        _history.Add(AlertHistoryEntry.StatusChange(Id, from, to, actor, note, now));
        Raise(new AlertStatusChanged(this, from, to, actor, note, now));
    }

    /// <summary>The API's spelling of a status (<c>auto-resolved</c>).</summary>
    public static string Name(AlertStatus status) => status == AlertStatus.AutoResolved ? "auto-resolved" : status.ToString().ToLowerInvariant();
}

/// <summary>One change in an alert's history: a status change or a severity raise, with who did it and when.</summary>
public sealed class AlertHistoryEntry
{
    private AlertHistoryEntry()
    {
        Actor = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid AlertId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; }

    /// <summary>Null for the entry that opened the alert and for severity raises.</summary>
    public AlertStatus? FromStatus { get; private set; }

    public AlertStatus? ToStatus { get; private set; }

    public AlertSeverity? FromSeverity { get; private set; }

    public AlertSeverity? ToSeverity { get; private set; }

    public string? Note { get; private set; }

    public static AlertHistoryEntry StatusChange(Guid alertId, AlertStatus from, AlertStatus to, string actor, string? note, DateTimeOffset at) =>
        new() { Id = Guid.CreateVersion7(at), AlertId = alertId, At = at, Actor = actor, FromStatus = from, ToStatus = to, Note = note };
}
