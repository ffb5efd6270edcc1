using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Application.Segmentation;

/// <summary>The event-log data of the RFM events: the queued run as the API returns it; the new segment map.</summary>
internal sealed class RfmEventData(IMapper mapper) : IEventData<RfmRunRequested>, IEventData<SegmentMapReplaced>
{
    public object DataOf(RfmRunRequested domainEvent) => new CreatedData<RfmRunDto>(mapper.Map<RfmRunDto>(domainEvent.Run));

    public object DataOf(SegmentMapReplaced domainEvent) =>
        new SegmentMapDto(domainEvent.Cells.Select(c => new SegmentCellDto(c.R, c.F, c.Segment)).ToList());
}
