using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.ServiceLevels;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>The event-log data of the calendar events: the calendar as the API returns it (and the changed fields); a deletion names nothing more.</summary>
internal sealed class BusinessCalendarEventData
    : IEventData<BusinessCalendarCreated>, IEventData<BusinessCalendarUpdated>, IEventData<BusinessCalendarDeleted>
{
    public object DataOf(BusinessCalendarCreated domainEvent) => new CreatedData<System.Text.Json.Nodes.JsonObject>(EventState.Of(BusinessCalendarDto.Of(domainEvent.Calendar)));

    public object DataOf(BusinessCalendarUpdated domainEvent) => new ChangedData(domainEvent.ChangedFields, EventState.Of(BusinessCalendarDto.Of(domainEvent.Calendar)));

    public object DataOf(BusinessCalendarDeleted domainEvent) => new DeletedData(domainEvent.OccurredAt);

    /// <summary>The data of <c>calendar.updated</c>.</summary>
    private sealed record ChangedData(IReadOnlyList<string> ChangedFields, System.Text.Json.Nodes.JsonObject State);

    /// <summary>The data of <c>calendar.deleted</c>.</summary>
    private sealed record DeletedData(DateTimeOffset DeletedAt);
}
