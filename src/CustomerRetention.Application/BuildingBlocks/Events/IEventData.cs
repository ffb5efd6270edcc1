using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>
/// The <c>data</c> an event carries in the event log, written with the API's JSON conventions:
/// for created and updated resources their new state as the API returns it, for archives a
/// tombstone without personal data. Each module registers one for each of its event types; an
/// event type without one cannot be saved.
/// </summary>
public interface IEventData<in TEvent>
    where TEvent : IDomainEvent
{
    object DataOf(TEvent domainEvent);
}
