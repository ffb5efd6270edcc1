using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.Surveys;

namespace CustomerRetention.Application.Surveys;

/// <summary>A survey as the API returns it (SPEC §9.4).</summary>
public sealed record SurveyDto
{
    public Guid Id { get; init; }

    public SurveyType Type { get; init; }

    public required string Name { get; init; }

    public required string Question { get; init; }

    public SurveyStatus Status { get; init; }

    public int ThrottleDays { get; init; }

    public int ExpiresAfterDays { get; init; }

    /// <summary>Starts at 1 and goes up with every change.</summary>
    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(RowVersion);

    [JsonIgnore]
    public uint RowVersion { get; init; }
}

/// <summary>What a send is about: an order, a case or an interaction, by id.</summary>
public sealed record SurveyContextDto(SurveyContextType Type, Guid Id);

/// <summary>A send as the API returns it. <see cref="Token"/> is in the create's answer only: the server keeps its hash, never the token.</summary>
public sealed record SurveySendDto
{
    public Guid Id { get; init; }

    public Guid SurveyId { get; init; }

    public Guid CustomerId { get; init; }

    public SurveyChannel Channel { get; init; }

    public SurveyContextDto? Context { get; init; }

    /// <summary>sent, responded, expired or throttled (scheduled and cancelled are reserved).</summary>
    public SurveySendStatus Status { get; init; }

    /// <summary>
    /// The single-use credential of the public endpoint (<c>POST /api/v1/public/survey-responses/{token}</c>):
    /// in the answer of the create only, and only for a send that was sent; null everywhere else.
    /// </summary>
    public string? Token { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>sentAt + the survey's expiresAfterDays: from then on the token takes no response.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>For a throttled send: the customer's earlier send that throttled it.</summary>
    public Guid? ThrottledBy { get; init; }

    public DateTimeOffset? RespondedAt { get; init; }

    public Guid? ResponseId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The customer at response time: RFM segment of the latest succeeded run (null: not scored), that run, and the lifecycle stage.</summary>
public sealed record SurveySnapshotDto(string? Segment, Guid? RfmRunId, string Stage);

/// <summary>A response as the API returns it.</summary>
public sealed record SurveyResponseDto
{
    public Guid Id { get; init; }

    public Guid SurveyId { get; init; }

    public Guid? SendId { get; init; }

    public Guid CustomerId { get; init; }

    public SurveyType SurveyType { get; init; }

    public int Score { get; init; }

    /// <summary>promoter (9–10), passive (7–8) or detractor (0–6) for NPS; satisfied (4–5) or unsatisfied for CSAT.</summary>
    public required string Category { get; init; }

    public string? Comment { get; init; }

    public SurveyChannel Channel { get; init; }

    public DateTimeOffset RespondedAt { get; init; }

    /// <summary>agent (recorded for the customer) or public (through the token).</summary>
    public SurveyResponseSource Source { get; init; }

    public required SurveySnapshotDto Snapshot { get; init; }

    /// <summary>The interaction the response recorded on the customer (type survey).</summary>
    public Guid InteractionId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What the public endpoint answers: the response as given, nothing about the customer or the survey.</summary>
public sealed record SurveyReceiptDto(int Score, string? Comment, DateTimeOffset RespondedAt);
