namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>
/// What caused an event that an in-process handler raised: the event it reacted to and how deep
/// the chain is (1 for a direct reaction to a request's event). Null for a request's own events.
/// </summary>
public sealed record EventOrigin(Guid EventId, int Depth);
