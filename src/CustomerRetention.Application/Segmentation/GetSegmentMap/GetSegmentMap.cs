using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.GetSegmentMap;

public sealed record GetSegmentMapQuery : IQuery<SegmentMapDto>;

public sealed class GetSegmentMapHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetSegmentMapQuery, SegmentMapDto>
{
    public async ValueTask<SegmentMapDto> Handle(GetSegmentMapQuery query, CancellationToken cancellationToken) =>
        new(mapper.Map<List<SegmentCellDto>>(await db.SegmentMap.AsNoTracking().OrderByDescending(c => c.R).ThenBy(c => c.F).ToListAsync(cancellationToken)));
}
