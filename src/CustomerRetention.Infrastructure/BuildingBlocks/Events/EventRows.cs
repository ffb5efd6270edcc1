using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Events;

/// <summary>Turns a domain event into the row the log stores, with the data its module writes for it.</summary>
public static class EventRows
{
    public static EventRow Of(IServiceProvider services, Guid id, IDomainEvent domainEvent, string actor, EventOrigin? origin)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var data = DomainEventDispatch.DataOf(services, domainEvent);
        return new EventRow(
            id,
            domainEvent.Type,
            domainEvent.OccurredAt,
            domainEvent.CustomerId,
            domainEvent.Resource.Type,
            domainEvent.Resource.Id,
            actor,
            origin is null ? null : JsonSerializer.Serialize(origin, ApiJson.Options),
            JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options));
    }

    /// <summary>The row of an event that background work (a job) raised: actor <c>system</c>, no origin.</summary>
    public static EventRow OfJob(IServiceProvider services, IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return Of(services, Guid.CreateVersion7(domainEvent.OccurredAt), domainEvent, SystemActor.SystemName, null);
    }
}
