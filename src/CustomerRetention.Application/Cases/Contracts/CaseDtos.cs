using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.Cases;
using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Application.Cases.Contracts;

/// <summary>A case as the API returns it (SPEC §9.3).</summary>
public sealed record CaseDto
{
    public Guid Id { get; init; }

    /// <summary>Human-readable and unique, e.g. CS-000123.</summary>
    public required string Number { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>The order the case is about, if any.</summary>
    public Guid? OrderId { get; init; }

    /// <summary>The closed case this one follows up, if any.</summary>
    public Guid? LinkedCaseId { get; init; }

    /// <summary>phone, email, sms, wechat, chat, web, store or other.</summary>
    public CaseChannel Channel { get; init; }

    /// <summary>complaint, inquiry, return, delivery, quality, billing or other.</summary>
    public CaseCategory Category { get; init; }

    public required string Subject { get; init; }

    public string? Description { get; init; }

    /// <summary>low, normal, high or urgent.</summary>
    public CasePriority Priority { get; init; }

    /// <summary>new, open, pending-customer, on-hold, solved or closed.</summary>
    public CaseStatus Status { get; init; }

    public Guid? AssigneeId { get; init; }

    /// <summary>How it was solved; null until it is.</summary>
    public CaseResolutionDto? Resolution { get; init; }

    /// <summary>How often it went from solved back to open.</summary>
    public int ReopenCount { get; init; }

    /// <summary>When the customer raised it (earlier than createdAt for an imported case).</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>The first public outbound message by an agent; null until then.</summary>
    public DateTimeOffset? FirstRespondedAt { get; init; }

    /// <summary>When it was last solved; null while it is not solved.</summary>
    public DateTimeOffset? SolvedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The instant of its latest change or message: a change dated earlier is refused.</summary>
    public DateTimeOffset LastActivityAt { get; init; }

    public int MessageCount { get; init; }

    /// <summary>The SLA policy the case follows (null only for a case opened before SLA clocks existed); <c>GET /api/v1/cases/{id}/sla</c> shows its targets.</summary>
    public Guid? SlaPolicyId { get; init; }

    /// <summary>The version of that policy the case keeps, whatever changed in the policy since.</summary>
    public int? SlaPolicyVersion { get; init; }

    /// <summary>The roll-up of its SLA targets: active, hit, missed or active-with-misses; null when the policy sets no target at its priority.</summary>
    public SlaRollup? SlaState { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Every status, priority, category and assignee change, oldest first (only on <c>GET /api/v1/cases/{id}</c>; null in lists and events).</summary>
    public IReadOnlyList<CaseChangeDto>? History { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(Version);

    [JsonIgnore]
    public uint Version { get; init; }
}

public sealed record CaseResolutionDto
{
    public required string Summary { get; init; }

    /// <summary>none, refund, voucher or points.</summary>
    public CompensationType Compensation { get; init; }

    /// <summary>The refund or voucher value, or the points; null for none.</summary>
    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 currency of a refund or voucher; null otherwise.</summary>
    public string? Currency { get; init; }
}

/// <summary>One change in a case's journal.</summary>
public sealed record CaseChangeDto
{
    /// <summary>When it happened (a past instant for imported history).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Who: <c>user:&lt;sub&gt;</c>, <c>api-key:&lt;id&gt;</c> or <c>system</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>status, priority, category or assigneeId.</summary>
    public required string Field { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }
}

/// <summary>A message on a case.</summary>
public sealed record CaseMessageDto
{
    public Guid Id { get; init; }

    public Guid CaseId { get; init; }

    /// <summary>inbound (from the customer), outbound (to the customer) or internal (a note).</summary>
    public MessageDirection Direction { get; init; }

    /// <summary>customer, agent or system.</summary>
    public MessageAuthorType AuthorType { get; init; }

    /// <summary>Whether the customer sees it; internal notes never are.</summary>
    public bool Public { get; init; }

    public required string Body { get; init; }

    /// <summary>When it was sent (a past instant for imported history).</summary>
    public DateTimeOffset SentAt { get; init; }

    /// <summary>Whether it counts as a response: public, outbound, by an agent.</summary>
    public bool IsResponse { get; init; }

    /// <summary>Who recorded it.</summary>
    public required string Actor { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A message added, with the case as it is afterwards (its status may have moved).</summary>
public sealed record CaseMessageResultDto(CaseMessageDto Message, CaseDto Case);

/// <summary>The SLA of a case (SPEC §9.3): the policy version it keeps, the roll-up and every target, as of <see cref="AsOf"/>.</summary>
public sealed record CaseSlaDto
{
    public Guid CaseId { get; init; }

    public required string CaseNumber { get; init; }

    /// <summary>The policy and the version the case keeps; null only for a case opened before SLA clocks existed.</summary>
    public SlaPolicyRefDto? Policy { get; init; }

    /// <summary>active, hit, missed or active-with-misses; null when there is no target.</summary>
    public SlaRollup? State { get; init; }

    /// <summary>When the elapsed minutes were counted (now).</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>The targets in the order they started: first-response and resolution from the opening, one next-response per customer message awaiting a reply.</summary>
    public required IReadOnlyList<SlaTargetDto> Targets { get; init; }
}

/// <summary>The policy version a case keeps.</summary>
public sealed record SlaPolicyRefDto
{
    public Guid Id { get; init; }

    public int Version { get; init; }

    public required string Name { get; init; }

    /// <summary>business (minutes inside the calendar's hours) or calendar (24 × 7).</summary>
    public required string HoursMode { get; init; }

    /// <summary>The business calendar of a business-mode policy.</summary>
    public Guid? CalendarId { get; init; }

    /// <summary>The share of a target's minutes at which it warns.</summary>
    public int WarnAtPercent { get; init; }
}

/// <summary>One SLA target of a case.</summary>
public sealed record SlaTargetDto
{
    /// <summary>first-response, next-response or resolution.</summary>
    public SlaMetric Metric { get; init; }

    /// <summary>1 for first-response and resolution; 1, 2, … for the next-response instances.</summary>
    public int Instance { get; init; }

    /// <summary>running, paused, achieved, breached or breached-achieved.</summary>
    public SlaTargetState State { get; init; }

    /// <summary>The policy's minutes for the metric at the case's priority (business or calendar minutes, as the policy's hoursMode).</summary>
    public int TargetMinutes { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it falls due, later by the time paused; while paused, the due time it had when the pause began.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>When it warns (the policy's warnAtPercent of its minutes).</summary>
    public DateTimeOffset WarnAt { get; init; }

    /// <summary>When the warning was emitted; null if never.</summary>
    public DateTimeOffset? WarnedAt { get; init; }

    public DateTimeOffset? AchievedAt { get; init; }

    public DateTimeOffset? BreachedAt { get; init; }

    /// <summary>Minutes counted in the policy's hoursMode from startedAt to achievedAt (or asOf), not counting paused time: what the target compares.</summary>
    public double ElapsedMinutes { get; init; }

    /// <summary>Real minutes from startedAt to achievedAt (or asOf), pauses included.</summary>
    public double ElapsedCalendarMinutes { get; init; }

    /// <summary>Minutes paused (counted in the policy's hoursMode) while the case waited on the customer; resolution only.</summary>
    public double PausedMinutes { get; init; }
}
