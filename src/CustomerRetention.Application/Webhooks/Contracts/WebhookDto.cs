using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;

namespace CustomerRetention.Application.Webhooks.Contracts;

/// <summary>A webhook subscription as the API returns it: never its secret.</summary>
public record WebhookDto
{
    public Guid Id { get; init; }

    /// <summary>Where events are POSTed.</summary>
    public required string Url { get; init; }

    /// <summary>The event types delivered: exact types, families (<c>customer.*</c>) or <c>*</c>.</summary>
    public required IReadOnlyList<string> EventTypes { get; init; }

    /// <summary>Whether events are delivered.</summary>
    public bool Enabled { get; init; }

    public string? Description { get; init; }

    /// <summary>Why the subscription was disabled by the delivery worker (its receiver answered 410 Gone), or null.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>When the secret was last rotated, or null.</summary>
    public DateTimeOffset? SecretRotatedAt { get; init; }

    /// <summary>Until when the secret before the last rotation also signs, or null.</summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(Version);

    [JsonIgnore]
    public uint Version { get; init; }
}

/// <summary>A subscription just created: its fields and, this once, its secret.</summary>
public sealed record CreatedWebhookDto : WebhookDto
{
    /// <summary>The signing secret (<c>whsec_</c> + base64 of 32 bytes). Shown only in this response; it cannot be read again.</summary>
    public required string Secret { get; init; }
}

/// <summary>A rotated secret: shown this once.</summary>
public sealed record WebhookSecretDto
{
    /// <summary>The subscription.</summary>
    public Guid WebhookId { get; init; }

    /// <summary>The new signing secret (<c>whsec_</c> + base64 of 32 bytes). Shown only in this response.</summary>
    public required string Secret { get; init; }

    /// <summary>When it was rotated.</summary>
    public DateTimeOffset RotatedAt { get; init; }

    /// <summary>Until when deliveries are signed with the previous secret too (a second <c>v1,…</c> in <c>webhook-signature</c>); null without an overlap.</summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
}
