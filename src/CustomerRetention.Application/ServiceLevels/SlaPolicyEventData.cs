using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.ServiceLevels;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>The event-log data of the SLA policy events: the policy as the API returns it (and the changed fields); a deletion names nothing more.</summary>
internal sealed class SlaPolicyEventData
    : IEventData<SlaPolicyCreated>, IEventData<SlaPolicyUpdated>, IEventData<SlaPolicyDeleted>
{
    public object DataOf(SlaPolicyCreated domainEvent) => new CreatedData<System.Text.Json.Nodes.JsonObject>(EventState.Of(SlaPolicyDto.Of(domainEvent.Policy)));

    public object DataOf(SlaPolicyUpdated domainEvent) => new ChangedData(domainEvent.ChangedFields, EventState.Of(SlaPolicyDto.Of(domainEvent.Policy)));

    public object DataOf(SlaPolicyDeleted domainEvent) => new DeletedData(domainEvent.OccurredAt);

    /// <summary>The data of <c>sla.policy-updated</c>.</summary>
    private sealed record ChangedData(IReadOnlyList<string> ChangedFields, System.Text.Json.Nodes.JsonObject State);

    /// <summary>The data of <c>sla.policy-deleted</c>.</summary>
    private sealed record DeletedData(DateTimeOffset DeletedAt);
}
