using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Interactions.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Interactions.GetInteraction;

/// <summary>One interaction (deleted ones and those of archived customers are not found).</summary>
public sealed record GetInteractionQuery(Guid Id) : IQuery<InteractionDto>;

public sealed class GetInteractionHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetInteractionQuery, InteractionDto>
{
    public async ValueTask<InteractionDto> Handle(GetInteractionQuery query, CancellationToken cancellationToken) =>
        mapper.Map<InteractionDto>(await InteractionLookup.FindAsync(db.Interactions.AsNoTracking(), db, query.Id, cancellationToken));
}
