using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Access;

/// <summary><c>access.api-key-created</c>: an API key was issued (its text is in no event).</summary>
public sealed record ApiKeyCreated(ApiKey ApiKey, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "access.api-key-created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("api-key", ApiKey.Id);
}

/// <summary><c>access.api-key-revoked</c>: an API key was revoked and is refused from now on.</summary>
public sealed record ApiKeyRevoked(ApiKey ApiKey, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "access.api-key-revoked";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("api-key", ApiKey.Id);
}
