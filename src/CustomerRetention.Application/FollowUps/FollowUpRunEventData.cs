using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The event-log data of the follow-up run events: the queued run; the counts of a succeeded run; the reason of a failed one.</summary>
internal sealed class FollowUpRunEventData
    : IEventData<FollowUpRunRequested>, IEventData<FollowUpRunSucceeded>, IEventData<FollowUpRunFailed>
{
    public object DataOf(FollowUpRunRequested domainEvent) => new CreatedData<FollowUpRunDto>(FollowUpRunDto.Of(domainEvent.Run));

    public object DataOf(FollowUpRunSucceeded domainEvent) => new SucceededData(JsonSerializer.Deserialize<FollowUpRunResults>(domainEvent.Results, ApiJson.Options)!);

    public object DataOf(FollowUpRunFailed domainEvent) => new FailedData(domainEvent.Error);

    /// <summary>The data of <c>followups.run-succeeded</c>.</summary>
    private sealed record SucceededData(FollowUpRunResults Results);

    /// <summary>The data of <c>followups.run-failed</c>.</summary>
    private sealed record FailedData(string Error);
}
