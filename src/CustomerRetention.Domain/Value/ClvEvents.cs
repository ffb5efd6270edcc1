using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Value;

/// <summary><c>clv.model-requested</c>: a CLV model fit was queued.</summary>
public sealed record ClvModelRequested(ClvModel Model, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "clv.model-requested";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("clv-model", Model.Id);
}

/// <summary><c>clv.model-succeeded</c>: a model was fitted and its predictions are readable now.</summary>
public sealed record ClvModelSucceeded(Guid ModelId, int Customers, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "clv.model-succeeded";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("clv-model", ModelId);
}

/// <summary><c>clv.model-failed</c>: a model ended without predictions, with the reason.</summary>
public sealed record ClvModelFailed(Guid ModelId, string Error, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "clv.model-failed";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("clv-model", ModelId);
}
