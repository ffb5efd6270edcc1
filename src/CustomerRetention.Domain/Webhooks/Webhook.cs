using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Webhooks;

/// <summary>What a subscription is told to do: where to send and which events.</summary>
public sealed record WebhookDetails(string Url, IReadOnlyList<string> EventTypes, bool Enabled, string? Description);

/// <summary>
/// A webhook subscription (SPEC §10.4): events of the log whose type matches one of
/// <see cref="EventTypes"/> (exact, a family <c>customer.*</c>, or <c>*</c>) are delivered to
/// <see cref="Url"/>, signed with <see cref="Secret"/> (and, during a rotation's overlap, also with
/// <see cref="PreviousSecret"/>). It receives the events after <see cref="FeedStart"/>; how far the
/// delivery worker has fanned the log out for it is the worker's own cursor (not this row, whose
/// version is the resource's ETag).
/// </summary>
public sealed class Webhook : AggregateRoot
{
    public const string ResourceType = "webhook";
    public const int UrlMaxLength = 2000;
    public const int DescriptionMaxLength = 500;
    public const int MaxEventTypes = 50;
    public const int EventTypeMaxLength = 100;

    private Webhook()
    {
        Url = string.Empty;
        EventTypes = [];
        Secret = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Url { get; private set; }

    public string[] EventTypes { get; private set; }

    public bool Enabled { get; private set; }

    public string? Description { get; private set; }

    /// <summary>Why the worker disabled the subscription (a 410 Gone), until it is enabled again.</summary>
    public string? DisabledReason { get; private set; }

    /// <summary>The current signing secret (kept reversible: it must sign; see ADR 0022).</summary>
    public string Secret { get; private set; }

    /// <summary>The secret before the last rotation, signing too until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public DateTimeOffset? SecretRotatedAt { get; private set; }

    /// <summary>The event log position after which events are delivered (the head when it was created or last enabled).</summary>
    public long FeedStart { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public WebhookDetails ToDetails() => new(Url, EventTypes, Enabled, Description);

    /// <summary>A new subscription that receives the events after <paramref name="feedHead"/>.</summary>
    public static Webhook Create(WebhookDetails details, string secret, long feedHead, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var webhook = new Webhook
        {
            Id = Guid.CreateVersion7(now),
            Url = details.Url,
            EventTypes = [.. details.EventTypes],
            Enabled = details.Enabled,
            Description = details.Description,
            Secret = secret,
            FeedStart = feedHead,
            CreatedAt = now,
            UpdatedAt = now,
        };
        webhook.Raise(new WebhookCreated(webhook, now));
        return webhook;
    }

    /// <summary>
    /// Applies new details. Enabling a disabled subscription clears the disable reason and starts
    /// it at <paramref name="feedHead"/>: events of the time it was off are not delivered.
    /// </summary>
    public void Update(WebhookDetails details, long feedHead, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var changes = new FieldChanges()
            .Compare("url", Url, details.Url)
            .CompareSequence("eventTypes", EventTypes, details.EventTypes)
            .Compare("enabled", Enabled, details.Enabled)
            .Compare("description", Description, details.Description);
        if (!changes.Any)
        {
            return;
        }

        if (details.Enabled && !Enabled)
        {
            DisabledReason = null;
            FeedStart = Math.Max(FeedStart, feedHead);
        }

        Url = details.Url;
        EventTypes = [.. details.EventTypes];
        Enabled = details.Enabled;
        Description = details.Description;
        UpdatedAt = now;
        Raise(new WebhookUpdated(this, changes.Names, changes.Previous, now));
    }

    /// <summary>Replaces the secret; the old one keeps signing for <paramref name="overlap"/>.</summary>
    public void RotateSecret(string secret, TimeSpan overlap, DateTimeOffset now)
    {
        PreviousSecret = overlap > TimeSpan.Zero ? Secret : null;
        PreviousSecretExpiresAt = overlap > TimeSpan.Zero ? now + overlap : null;
        Secret = secret;
        SecretRotatedAt = now;
        UpdatedAt = now;
        Raise(new WebhookSecretRotated(this, now));
    }

    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>, the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];

    /// <summary>Disables the subscription for <paramref name="reason"/>; nothing is queued for it until it is enabled again.</summary>
    public void Disable(string reason, DateTimeOffset now)
    {
        if (!Enabled)
        {
            return;
        }

        Enabled = false;
        DisabledReason = reason;
        UpdatedAt = now;
        Raise(new WebhookDisabled(this, now));
    }

    /// <summary>Records the deletion (the row and its deliveries are removed by the caller).</summary>
    public void MarkDeleted(DateTimeOffset now) => Raise(new WebhookDeleted(this, now));
}
