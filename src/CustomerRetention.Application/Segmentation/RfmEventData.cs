using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Application.Segmentation;

/// <summary>
/// The event-log data of the RFM events: the queued run as the API returns it; the outcome of a
/// run (read the run for its breakpoints and segments); the new segment map.
/// </summary>
internal sealed class RfmEventData(IMapper mapper)
    : IEventData<RfmRunRequested>, IEventData<SegmentMapReplaced>, IEventData<RfmRunSucceeded>, IEventData<RfmRunFailed>
{
    public object DataOf(RfmRunRequested domainEvent) => new CreatedData<RfmRunDto>(mapper.Map<RfmRunDto>(domainEvent.Run));

    public object DataOf(SegmentMapReplaced domainEvent) =>
        new SegmentMapDto(domainEvent.Cells.Select(c => new SegmentCellDto(c.R, c.F, c.Segment)).ToList());

    public object DataOf(RfmRunSucceeded domainEvent) => new SucceededData(domainEvent.ScoredCustomers);

    public object DataOf(RfmRunFailed domainEvent) => new FailedData(domainEvent.Error);

    /// <summary>The data of <c>rfm.run-succeeded</c>.</summary>
    private sealed record SucceededData(int ScoredCustomers);

    /// <summary>The data of <c>rfm.run-failed</c>.</summary>
    private sealed record FailedData(string Error);
}
