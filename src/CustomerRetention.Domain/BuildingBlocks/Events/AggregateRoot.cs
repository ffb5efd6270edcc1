namespace CustomerRetention.Domain.BuildingBlocks.Events;

/// <summary>
/// An entity that raises domain events. The events wait on the instance until the unit of work
/// takes them (<see cref="TakeEvents"/>) when it saves.
/// </summary>
public abstract class AggregateRoot
{
    private readonly List<IDomainEvent> _events = [];

    /// <summary>Whether events were raised since the unit of work last took them.</summary>
    public bool HasEvents => _events.Count > 0;

    /// <summary>The events raised since the unit of work last took them, oldest first (for an aggregate that reacts to its own changes in order).</summary>
    protected IReadOnlyList<IDomainEvent> PendingEvents => _events;

    /// <summary>Returns the pending events, oldest first, and forgets them.</summary>
    public IReadOnlyList<IDomainEvent> TakeEvents()
    {
        var taken = _events.ToArray();
        _events.Clear();
        return taken;
    }

    protected void Raise(IDomainEvent domainEvent) => _events.Add(domainEvent);
}
