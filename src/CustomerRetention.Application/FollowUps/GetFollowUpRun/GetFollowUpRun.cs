using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.GetFollowUpRun;

public sealed record GetFollowUpRunQuery(Guid Id) : IQuery<FollowUpRunDto>;

public sealed class GetFollowUpRunHandler(IApplicationDbContext db) : IQueryHandler<GetFollowUpRunQuery, FollowUpRunDto>
{
    public async ValueTask<FollowUpRunDto> Handle(GetFollowUpRunQuery query, CancellationToken cancellationToken) =>
        FollowUpRunDto.Of(await db.FollowUpRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Follow-up run", query.Id));
}
