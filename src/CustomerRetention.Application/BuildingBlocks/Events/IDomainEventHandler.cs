using System.Diagnostics.CodeAnalysis;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>
/// An in-process reaction to a domain event. It runs inside the unit of work that raised the
/// event, before the transaction commits: what it changes is saved with the change that caused
/// it, or rolled back with it. Keep reactions short; work that must not hold up the request reads
/// the event log in the background instead.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A handler of domain events, not a .NET event delegate; the name every reader expects.")]
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    ValueTask Handle(TEvent domainEvent, CancellationToken cancellationToken);
}
