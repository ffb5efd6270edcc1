using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The event-log data of the cadence-policy events: the policy as the API returns it (and the changed fields); a deletion names nothing more.</summary>
internal sealed class CadencePolicyEventData(IMapper mapper)
    : IEventData<CadencePolicyCreated>, IEventData<CadencePolicyUpdated>, IEventData<CadencePolicyDeleted>
{
    public object DataOf(CadencePolicyCreated domainEvent) => new CreatedData<System.Text.Json.Nodes.JsonObject>(EventState.Of(mapper.Map<CadencePolicyDto>(domainEvent.Policy)));

    public object DataOf(CadencePolicyUpdated domainEvent) => new ChangedData(domainEvent.ChangedFields, EventState.Of(mapper.Map<CadencePolicyDto>(domainEvent.Policy)));

    public object DataOf(CadencePolicyDeleted domainEvent) => new DeletedData(domainEvent.OccurredAt);

    /// <summary>The data of <c>cadence.policy-updated</c>.</summary>
    private sealed record ChangedData(IReadOnlyList<string> ChangedFields, System.Text.Json.Nodes.JsonObject State);

    /// <summary>The data of <c>cadence.policy-deleted</c>.</summary>
    private sealed record DeletedData(DateTimeOffset DeletedAt);
}
