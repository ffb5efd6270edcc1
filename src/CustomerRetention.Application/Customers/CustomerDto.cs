using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Customers;

/// <summary>A customer as the API returns it.</summary>
public sealed record CustomerDto
{
    public Guid Id { get; init; }

    public string? ExternalId { get; init; }

    public CustomerType Type { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Company { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public AddressDto? Address { get; init; }

    public DateOnly? Birthday { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Custom fields (string, number or boolean values).</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; init; } = new Dictionary<string, object>();

    public Guid? OwnerId { get; init; }

    public ConsentDto Consent { get; init; } = new();

    /// <summary>The current lifecycle stage (read-only: stages change through transitions).</summary>
    public LifecycleStage LifecycleStage { get; init; }

    /// <summary>When the customer entered the current stage.</summary>
    public DateTimeOffset StageEnteredAt { get; init; }

    /// <summary>Scores and segment of the latest succeeded RFM run, or null when not scored there.</summary>
    public RfmScoreDto? Rfm { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(Version, Rfm?.RunId);

    /// <summary>The concurrency token behind the ETag header; not part of the body.</summary>
    [JsonIgnore]
    public uint Version { get; init; }
}

public sealed record AddressDto
{
    public string? Line1 { get; init; }

    public string? Line2 { get; init; }

    public string? City { get; init; }

    public string? Region { get; init; }

    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; init; }
}

public sealed record ConsentDto
{
    public bool Email { get; init; }

    public bool Sms { get; init; }

    public bool Phone { get; init; }
}
