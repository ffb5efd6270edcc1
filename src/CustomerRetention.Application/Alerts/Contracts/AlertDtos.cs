using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Alerts.Contracts;

/// <summary>An alert rule as the API returns it: every field completed with the kind's defaults.</summary>
public sealed record AlertRuleDto
{
    public Guid Id { get; init; }

    /// <summary>The unique slug.</summary>
    public required string Key { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public AlertKind Kind { get; init; }

    /// <summary>The kind's parameters, every one present (see the kind table).</summary>
    public required JsonObject Params { get; init; }

    /// <summary>Which customers the rule looks at.</summary>
    public required AlertScopeFields Scope { get; init; }

    /// <summary>How severe its alerts are (empty for sla-breach: from the case priority).</summary>
    public required AlertSeverityFields Severity { get; init; }

    public int CooldownDays { get; init; }

    public bool AutoResolve { get; init; }

    public bool Enabled { get; init; }

    /// <summary>What happens when an alert opens.</summary>
    public required IReadOnlyList<AlertActionFields> ActionsOnOpen { get; init; }

    /// <summary>1 when created, incremented on every change; alerts and evaluations record it.</summary>
    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(RowVersion);

    [JsonIgnore]
    public uint RowVersion { get; init; }
}

/// <summary>An alert as the API returns it (SPEC §9.1); <c>history</c> only on the single read.</summary>
public sealed record AlertDto
{
    public Guid Id { get; init; }

    public Guid RuleId { get; init; }

    /// <summary>The rule's version at the latest detection.</summary>
    public int RuleVersion { get; init; }

    public AlertKind Kind { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>At most one active alert per key: the rule and the customer (the rule and the case or response for event kinds).</summary>
    public required string DedupeKey { get; init; }

    public AlertSeverity Severity { get; init; }

    public AlertStatus Status { get; init; }

    public required string Title { get; init; }

    /// <summary>A sentence rendered from the evidence.</summary>
    public required string Reason { get; init; }

    /// <summary>Params, inputs, window bounds, computed values, asOf and the runs or models used.</summary>
    public required JsonObject Evidence { get; init; }

    /// <summary>The computed number the rule compared with its threshold (null for segment-entered).</summary>
    public decimal? Score { get; init; }

    public DateTimeOffset FirstDetectedAt { get; init; }

    public DateTimeOffset LastDetectedAt { get; init; }

    public int Occurrences { get; init; }

    /// <summary>Who works on it (default: the customer's owner).</summary>
    public Guid? AssigneeId { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? SnoozedUntil { get; init; }

    public string? SnoozeReason { get; init; }

    /// <summary>When it was resolved, dismissed or auto-resolved.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public string? ClosedBy { get; init; }

    /// <summary>How a resolved alert ended.</summary>
    public AlertOutcome? Outcome { get; init; }

    public string? Note { get; init; }

    /// <summary>The evaluation that opened it.</summary>
    public Guid? EvaluationId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Status and severity changes, oldest first (only on <c>GET /api/v1/alerts/{id}</c>).</summary>
    public IReadOnlyList<AlertHistoryDto>? History { get; init; }

    /// <summary>The same value as the <c>ETag</c> header.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(RowVersion);

    [JsonIgnore]
    public uint RowVersion { get; init; }
}

/// <summary>One entry of an alert's history.</summary>
public sealed record AlertHistoryDto
{
    public DateTimeOffset At { get; init; }

    /// <summary>The user, API key or <c>system</c> (an evaluation).</summary>
    public required string Actor { get; init; }

    /// <summary>Null for the entry that opened the alert and for severity raises.</summary>
    public AlertStatus? FromStatus { get; init; }

    public AlertStatus? ToStatus { get; init; }

    public AlertSeverity? FromSeverity { get; init; }

    public AlertSeverity? ToSeverity { get; init; }

    public string? Note { get; init; }
}

/// <summary>The figures of an evaluation (or a dry-run).</summary>
public sealed record AlertFiguresDto
{
    /// <summary>Customers in the rule's scope at asOf.</summary>
    public int Evaluated { get; init; }

    /// <summary>Customers that could not be evaluated, by reason (e.g. too-few-previous-orders, stale-model).</summary>
    public required IReadOnlyDictionary<string, int> NotEvaluable { get; init; }

    /// <summary>Alerts opened (dry-run: that would open).</summary>
    public int Fired { get; init; }

    /// <summary>Active alerts detected again.</summary>
    public int Updated { get; init; }

    /// <summary>Detections inside a closed alert's cool-down, not opened.</summary>
    public int Suppressed { get; init; }

    /// <summary>Active alerts whose condition was found false, closed as auto-resolved.</summary>
    public int AutoResolved { get; init; }
}

/// <summary>An evaluation of a rule version at an asOf (a job).</summary>
public sealed record AlertEvaluationDto
{
    public Guid Id { get; init; }

    public Guid RuleId { get; init; }

    public int RuleVersion { get; init; }

    public DateTimeOffset AsOf { get; init; }

    public EvaluationTrigger Trigger { get; init; }

    /// <summary>segment-entered: the RFM run evaluated.</summary>
    public Guid? RfmRunId { get; init; }

    public JobStatus Status { get; init; }

    /// <summary>The figures once succeeded.</summary>
    public AlertFiguresDto? Figures { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>What a dry-run found: the alerts that would open (up to the limit) and the figures; nothing written.</summary>
public sealed record AlertDryRunDto
{
    public DateTimeOffset AsOf { get; init; }

    /// <summary>The rule's version, or null for a draft body.</summary>
    public int? RuleVersion { get; init; }

    public required AlertFiguresDto Figures { get; init; }

    /// <summary>The alerts that would open, highest severity and score first.</summary>
    public required IReadOnlyList<AlertPreviewDto> Alerts { get; init; }
}

/// <summary>An alert a dry-run would open.</summary>
public sealed record AlertPreviewDto
{
    public Guid CustomerId { get; init; }

    public AlertSeverity Severity { get; init; }

    public decimal? Score { get; init; }

    public required string Title { get; init; }

    public required string Reason { get; init; }

    public required JsonObject Evidence { get; init; }
}
