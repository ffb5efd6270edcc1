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
