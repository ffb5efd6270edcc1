using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Webhooks;

/// <summary><c>webhook.created</c>: a subscription was created (its secret is in no event).</summary>
public sealed record WebhookCreated(Webhook Webhook, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "webhook.created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Webhook.ResourceType, Webhook.Id);
}

/// <summary><c>webhook.updated</c>: a subscription's url, event types, enabled flag or description changed.</summary>
public sealed record WebhookUpdated(Webhook Webhook, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "webhook.updated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Webhook.ResourceType, Webhook.Id);
}

/// <summary><c>webhook.secret-rotated</c>: a new secret signs; the previous one still signs until the overlap ends.</summary>
public sealed record WebhookSecretRotated(Webhook Webhook, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "webhook.secret-rotated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Webhook.ResourceType, Webhook.Id);
}

/// <summary><c>webhook.disabled</c>: the delivery worker disabled a subscription (its receiver answered 410 Gone).</summary>
public sealed record WebhookDisabled(Webhook Webhook, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "webhook.disabled";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Webhook.ResourceType, Webhook.Id);
}

/// <summary><c>webhook.deleted</c>: a subscription was removed with its deliveries.</summary>
public sealed record WebhookDeleted(Webhook Webhook, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "webhook.deleted";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Webhook.ResourceType, Webhook.Id);
}
