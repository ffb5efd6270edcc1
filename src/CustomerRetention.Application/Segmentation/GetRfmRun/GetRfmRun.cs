using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.GetRfmRun;

public sealed record GetRfmRunQuery(Guid Id) : IQuery<RfmRunDto>;

public sealed class GetRfmRunHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetRfmRunQuery, RfmRunDto>
{
    public async ValueTask<RfmRunDto> Handle(GetRfmRunQuery query, CancellationToken cancellationToken) =>
        mapper.Map<RfmRunDto>(await db.RfmRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("RFM run", query.Id));
}
