using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>The <c>data</c> of a <c>*.created</c> event: the resource as the API returns it.</summary>
public sealed record CreatedData<T>(T State);

/// <summary>
/// The <c>data</c> of a <c>*.updated</c> event: which fields changed, their values before the change
/// (<see cref="EventState.Previous"/>) and the resource's new state.
/// </summary>
public sealed record UpdatedData<T>(IReadOnlyList<string> ChangedFields, JsonObject Previous, T State);

/// <summary>A resource's state as the event log holds it.</summary>
public static class EventState
{
    /// <summary>
    /// The resource as the API returns it, without its <c>etag</c>: PostgreSQL assigns the row
    /// version at commit, after the event's data is written, so the tag would name the version
    /// before the change.
    /// </summary>
    public static JsonObject Of<T>(T resource)
    {
        var state = JsonSerializer.SerializeToNode(resource, ApiJson.Options)!.AsObject();
        state.Remove("etag");
        return state;
    }

    /// <summary>
    /// The old value of each changed field, written with the same conventions as <see cref="Of"/>,
    /// so <c>previous.name</c> and <c>state.name</c> have the same shape and can be compared as they are.
    /// </summary>
    public static JsonObject Previous(IReadOnlyDictionary<string, object?> before) =>
        JsonSerializer.SerializeToNode(before, ApiJson.Options)!.AsObject();
}
