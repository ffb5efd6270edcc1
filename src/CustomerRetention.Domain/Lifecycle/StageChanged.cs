using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Lifecycle;

/// <summary>
/// <c>lifecycle.stage-changed</c>: a customer moved to another stage, manually or automatically
/// (a first purchase, a win-back). The customer's first stage is part of <c>customer.created</c>.
/// </summary>
public sealed record StageChanged(StageTransition Transition) : IDomainEvent
{
    public const string EventType = "lifecycle.stage-changed";

    public string Type => EventType;

    public DateTimeOffset OccurredAt => Transition.RecordedAt;

    public Guid? CustomerId => Transition.CustomerId;

    public ResourceRef Resource => new("customer", Transition.CustomerId);
}
