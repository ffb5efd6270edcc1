using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Value.GetClvModel;

public sealed record GetClvModelQuery(Guid Id) : IQuery<ClvModelDto>;

public sealed class GetClvModelHandler(IApplicationDbContext db) : IQueryHandler<GetClvModelQuery, ClvModelDto>
{
    public async ValueTask<ClvModelDto> Handle(GetClvModelQuery query, CancellationToken cancellationToken) =>
        ClvModelDto.From(await db.ClvModels.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("CLV model", query.Id));
}
