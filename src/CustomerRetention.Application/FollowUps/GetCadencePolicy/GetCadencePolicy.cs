using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.GetCadencePolicy;

public sealed record GetCadencePolicyQuery(Guid Id) : IQuery<CadencePolicyDto>;

public sealed class GetCadencePolicyHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetCadencePolicyQuery, CadencePolicyDto>
{
    public async ValueTask<CadencePolicyDto> Handle(GetCadencePolicyQuery query, CancellationToken cancellationToken) =>
        mapper.Map<CadencePolicyDto>(await CadencePolicyLookup.FindAsync(db.CadencePolicies.AsNoTracking(), query.Id, null, cancellationToken));
}
