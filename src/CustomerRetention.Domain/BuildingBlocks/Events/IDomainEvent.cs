namespace CustomerRetention.Domain.BuildingBlocks.Events;

/// <summary>
/// Something that happened to an aggregate. Raised by the aggregate, dispatched to in-process
/// handlers inside the unit of work and appended to the event log in the same transaction.
/// </summary>
public interface IDomainEvent
{
    /// <summary>The public event type (for example <c>customer.created</c>): part of the API contract.</summary>
    string Type { get; }

    /// <summary>When it happened (the time of the change, not of the commit).</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The customer the event is about, or null for events about no single customer.</summary>
    Guid? CustomerId { get; }

    /// <summary>The resource that changed.</summary>
    ResourceRef Resource { get; }
}

/// <summary>A resource by type (the API's name, for example <c>order</c>) and id.</summary>
public readonly record struct ResourceRef(string Type, Guid Id);
