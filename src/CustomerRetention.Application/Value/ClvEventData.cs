using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Value;

namespace CustomerRetention.Application.Value;

/// <summary>The event-log data of the CLV model events: the queued model as the API returns it; a model's outcome.</summary>
internal sealed class ClvEventData : IEventData<ClvModelRequested>, IEventData<ClvModelSucceeded>, IEventData<ClvModelFailed>
{
    public object DataOf(ClvModelRequested domainEvent) => new CreatedData<ClvModelDto>(ClvModelDto.From(domainEvent.Model));

    public object DataOf(ClvModelSucceeded domainEvent) => new SucceededData(domainEvent.Customers);

    public object DataOf(ClvModelFailed domainEvent) => new FailedData(domainEvent.Error);

    /// <summary>The data of <c>clv.model-succeeded</c>.</summary>
    private sealed record SucceededData(int Customers);

    /// <summary>The data of <c>clv.model-failed</c>.</summary>
    private sealed record FailedData(string Error);
}
