using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Cases;

/// <summary><c>case.created</c>: a case was opened (at <see cref="SupportCase.OpenedAt"/>, which an import may set in the past).</summary>
public sealed record CaseCreated(SupportCase Case, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "case.created";

    public string Type => EventType;

    public Guid? CustomerId => Case.CustomerId;

    public ResourceRef Resource => new(SupportCase.ResourceType, Case.Id);
}

/// <summary><c>case.updated</c>: priority, category, assignee or subject changed (named in <see cref="ChangedFields"/>, old values in <see cref="Previous"/>), effective <see cref="At"/>.</summary>
public sealed record CaseUpdated(
    SupportCase Case, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset At, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "case.updated";

    public string Type => EventType;

    public Guid? CustomerId => Case.CustomerId;

    public ResourceRef Resource => new(SupportCase.ResourceType, Case.Id);
}

/// <summary>
/// <c>case.status-changed</c>: the case moved from <see cref="From"/> to <see cref="To"/> at
/// <see cref="At"/> (now, or the past instant an import gave); a reopen counts in the case's
/// <c>reopenCount</c>. The members below are what other modules react to (the follow-up task of a
/// solved case), so they never read the case itself.
/// </summary>
public sealed record CaseStatusChanged(SupportCase Case, CaseStatus From, CaseStatus To, DateTimeOffset At, string Actor, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "case.status-changed";

    public string Type => EventType;

    public Guid? CustomerId => Case.CustomerId;

    public ResourceRef Resource => new(SupportCase.ResourceType, Case.Id);

    public Guid CaseId => Case.Id;

    public Guid CaseCustomerId => Case.CustomerId;

    public string CaseNumber => Case.Number;

    public string CaseSubject => Case.Subject;

    public Guid? CaseAssigneeId => Case.AssigneeId;

    public int ReopenCount => Case.ReopenCount;

    /// <summary>The SLA policy version the case keeps (null: none), whose calendar says what the next business day is.</summary>
    public Guid? CaseSlaPolicyId => Case.SlaPolicyId;

    public int? CaseSlaPolicyVersion => Case.SlaPolicyVersion;
}

/// <summary><c>case.message-added</c>: a message was added to the case (sent at <see cref="CaseMessage.SentAt"/>).</summary>
public sealed record CaseMessageAdded(SupportCase Case, CaseMessage Message, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "case.message-added";

    public string Type => EventType;

    public Guid? CustomerId => Case.CustomerId;

    public ResourceRef Resource => new(SupportCase.ResourceType, Case.Id);
}

/// <summary>
/// <c>sla.warning</c>: a running SLA target of the case reached its warning point (the policy's
/// <c>warnAtPercent</c> of its minutes) before its due time; once per target.
/// </summary>
public sealed record SlaWarningRaised(SupportCase Case, SlaTarget Target, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "sla.warning";

    public string Type => EventType;

    public Guid? CustomerId => Case.CustomerId;

    public ResourceRef Resource => new(SupportCase.ResourceType, Case.Id);
}

/// <summary>
/// <c>sla.breached</c>: an SLA target of the case passed its due time without being achieved (at
/// <see cref="SlaTarget.BreachedAt"/>: the due time, or the instant a priority or policy change made
/// an exceeded target breach at once); once per target. The early-warning <c>sla-breach</c> rules
/// react to it.
/// </summary>
public sealed record SlaBreached(SupportCase Case, SlaTarget Target, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "sla.breached";

    public string Type => EventType;

    public Guid? CustomerId => Case.CustomerId;

    public ResourceRef Resource => new(SupportCase.ResourceType, Case.Id);
}
