using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Value;

namespace CustomerRetention.Application.Value;

/// <summary>The event-log data of <c>clv.model-requested</c>: the queued model as the API returns it.</summary>
internal sealed class ClvEventData : IEventData<ClvModelRequested>
{
    public object DataOf(ClvModelRequested domainEvent) => new CreatedData<ClvModelDto>(ClvModelDto.From(domainEvent.Model));
}
