using System.Text.Json;

namespace CustomerRetention.Application.Events;

/// <summary>One event of the change feed.</summary>
public sealed record EventDto
{
    /// <summary>The event's id (UUID v7): the key for de-duplicating deliveries.</summary>
    public Guid Id { get; init; }

    /// <summary>The event type, for example <c>order.created</c>.</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>When the change happened.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The customer the event is about; null for events about no single customer (RFM runs, CLV models, the segment map).</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>The resource that changed.</summary>
    public EventResourceDto Resource { get; init; } = new(string.Empty, Guid.Empty);

    /// <summary>Who made the change (the <c>X-Actor</c> of the request), or <c>system</c> for automatic reactions and background jobs.</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>What caused an automatic reaction; null for a change a client or a job made directly.</summary>
    public EventOriginDto? Origin { get; init; }

    /// <summary>The event's data; its shape depends on the type (see docs/events.md).</summary>
    public JsonElement Data { get; init; }
}

/// <summary>A resource by type and id, for example <c>{ "type": "order", "id": "…" }</c>.</summary>
public sealed record EventResourceDto(string Type, Guid Id);

/// <summary>The event an automatic reaction answered, and the length of the chain (1 for a direct reaction).</summary>
public sealed record EventOriginDto(Guid EventId, int Depth);

/// <summary>
/// One page of the change feed. Unlike lists, <c>nextCursor</c> is always set: the position after
/// the last item, or the same position when nothing is new, so a reader that caught up polls with it.
/// </summary>
public sealed record EventFeedPage(IReadOnlyList<EventDto> Items, string NextCursor);
