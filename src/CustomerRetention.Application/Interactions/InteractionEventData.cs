using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Application.Interactions;

/// <summary>The event-log data of the interaction events: the interaction as the API returns it; a deletion says who and when.</summary>
internal sealed class InteractionEventData(IMapper mapper)
    : IEventData<InteractionRecorded>, IEventData<InteractionUpdated>, IEventData<InteractionDeleted>
{
    public object DataOf(InteractionRecorded domainEvent) => new CreatedData<JsonObject>(EventState.Of(mapper.Map<InteractionDto>(domainEvent.Interaction)));

    public object DataOf(InteractionUpdated domainEvent) =>
        new UpdatedData<JsonObject>(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), EventState.Of(mapper.Map<InteractionDto>(domainEvent.Interaction)));

    public object DataOf(InteractionDeleted domainEvent) => new DeletedData(domainEvent.OccurredAt, domainEvent.Interaction.DeletedBy);

    /// <summary>The data of <c>interaction.deleted</c>.</summary>
    private sealed record DeletedData(DateTimeOffset DeletedAt, string? DeletedBy);
}
