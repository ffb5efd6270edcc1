using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>A cadence policy as the API returns it (SPEC §9.2).</summary>
public sealed record CadencePolicyDto
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Which customers it covers: each non-empty list must match (stage, RFM segment, any of the tags).</summary>
    public required CadenceScope Scope { get; init; }

    /// <summary>The value tiers, first match wins.</summary>
    public required IReadOnlyList<CadenceTier> Tiers { get; init; }

    /// <summary>The type of the tasks it creates.</summary>
    public TaskType TaskType { get; init; }

    /// <summary>The interaction channels and directions that count as a touch.</summary>
    public required IReadOnlyList<TouchType> TouchTypes { get; init; }

    public bool Enabled { get; init; }

    /// <summary>Starts at 1 and goes up with every change; each task names the version that created it.</summary>
    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(RowVersion);

    [JsonIgnore]
    public uint RowVersion { get; init; }
}
