using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Application.Events.Contracts;

/// <summary>
/// A logged event as the change feed serves it: one mapping for the feed's items and for the
/// bodies other readers send (webhook deliveries), so both have exactly the same shape.
/// </summary>
public static class EventPayload
{
    /// <summary>The feed item of an event.</summary>
    public static EventDto ToDto(LoggedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EventDto
        {
            Id = e.Id,
            Type = e.Type,
            OccurredAt = e.OccurredAt,
            CustomerId = e.CustomerId,
            Resource = new EventResourceDto(e.ResourceType, e.ResourceId),
            Actor = e.Actor,
            Origin = e.Origin is null ? null : JsonSerializer.Deserialize<EventOriginDto>(e.Origin, ApiJson.Options),
            Data = JsonSerializer.Deserialize<JsonElement>(e.Data),
        };
    }

    /// <summary>The feed item of an event as JSON text with the API's conventions.</summary>
    public static string Json(LoggedEvent e) => JsonSerializer.Serialize(ToDto(e), ApiJson.Options);
}
