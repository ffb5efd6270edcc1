using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle;

/// <summary>The event-log data of <c>lifecycle.stage-changed</c>: the transition as the history returns it.</summary>
internal sealed class LifecycleEventData(IMapper mapper) : IEventData<StageChanged>
{
    public object DataOf(StageChanged domainEvent) => mapper.Map<StageTransitionDto>(domainEvent.Transition);
}
