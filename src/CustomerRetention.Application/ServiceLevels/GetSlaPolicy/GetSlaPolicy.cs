using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.GetSlaPolicy;

public sealed record GetSlaPolicyQuery(Guid Id) : IQuery<SlaPolicyDto>;

public sealed class GetSlaPolicyHandler(IApplicationDbContext db) : IQueryHandler<GetSlaPolicyQuery, SlaPolicyDto>
{
    public async ValueTask<SlaPolicyDto> Handle(GetSlaPolicyQuery query, CancellationToken cancellationToken) =>
        SlaPolicyDto.Of(await ServiceLevelLookup.FindPolicyAsync(db.SlaPolicies.AsNoTracking(), query.Id, null, cancellationToken));
}
