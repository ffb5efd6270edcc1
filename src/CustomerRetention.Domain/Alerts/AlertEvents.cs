using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Alerts;

/// <summary><c>alert.rule-created</c>.</summary>
public sealed record AlertRuleCreated(AlertRule Rule, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.rule-created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(AlertRule.ResourceType, Rule.Id);
}

/// <summary><c>alert.rule-updated</c>: a new version of the rule.</summary>
public sealed record AlertRuleUpdated(AlertRule Rule, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.rule-updated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(AlertRule.ResourceType, Rule.Id);
}

/// <summary><c>alert.rule-deleted</c>: the rule is no longer evaluated; its alerts stay.</summary>
public sealed record AlertRuleDeleted(AlertRule Rule, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.rule-deleted";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(AlertRule.ResourceType, Rule.Id);
}

/// <summary>
/// <c>alert.opened</c>: a rule opened an alert. Evaluations append it set-based with the same data
/// shape (<c>{ "state": alert }</c>); this type names the contract.
/// </summary>
public sealed record AlertOpened(Alert Alert, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.opened";

    public string Type => EventType;

    public Guid? CustomerId => Alert.CustomerId;

    public ResourceRef Resource => new(Alert.ResourceType, Alert.Id);
}

/// <summary><c>alert.status-changed</c>: acknowledged, snoozed, re-opened, resolved, dismissed or auto-resolved.</summary>
public sealed record AlertStatusChanged(Alert Alert, AlertStatus From, AlertStatus To, string Actor, string? Note, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.status-changed";

    public string Type => EventType;

    public Guid? CustomerId => Alert.CustomerId;

    public ResourceRef Resource => new(Alert.ResourceType, Alert.Id);
}

/// <summary><c>alert.updated</c>: re-detected (occurrences, evidence, a raised severity) or re-assigned.</summary>
public sealed record AlertUpdated(Alert Alert, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, string Actor, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.updated";

    public string Type => EventType;

    public Guid? CustomerId => Alert.CustomerId;

    public ResourceRef Resource => new(Alert.ResourceType, Alert.Id);
}

/// <summary><c>alert.evaluation-requested</c>, <c>-succeeded</c>, <c>-failed</c>: an evaluation job's lifecycle.</summary>
public sealed record AlertEvaluationRequested(AlertEvaluation Evaluation, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.evaluation-requested";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(AlertEvaluation.ResourceType, Evaluation.Id);
}

public sealed record AlertEvaluationSucceeded(Guid EvaluationId, Guid RuleId, string Figures, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.evaluation-succeeded";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(AlertEvaluation.ResourceType, EvaluationId);
}

public sealed record AlertEvaluationFailed(Guid EvaluationId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "alert.evaluation-failed";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(AlertEvaluation.ResourceType, EvaluationId);
}
