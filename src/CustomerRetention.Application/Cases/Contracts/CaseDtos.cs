using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.Cases;

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
