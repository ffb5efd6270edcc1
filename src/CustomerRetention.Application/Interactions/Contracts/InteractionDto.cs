using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Application.Interactions.Contracts;

/// <summary>An interaction as the API returns it.</summary>
public sealed record InteractionDto
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public InteractionChannel Channel { get; init; }

    public InteractionDirection Direction { get; init; }

    public InteractionType Type { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? Subject { get; init; }

    public string? Notes { get; init; }

    public string? Outcome { get; init; }

    public Sentiment? Sentiment { get; init; }

    public int? Satisfaction { get; init; }

    public int? NpsScore { get; init; }

    public Guid? OwnerId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(Version);

    [JsonIgnore]
    public uint Version { get; init; }
}
