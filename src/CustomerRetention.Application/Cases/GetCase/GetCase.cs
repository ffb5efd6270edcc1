using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Cases.Contracts;
using Mediator;

namespace CustomerRetention.Application.Cases.GetCase;

/// <summary>A case with its journal.</summary>
public sealed record GetCaseQuery(Guid Id) : IQuery<CaseDto>;

public sealed class GetCaseHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetCaseQuery, CaseDto>
{
    public async ValueTask<CaseDto> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var supportCase = await CaseLookup.FindAsync(db, query.Id, null, cancellationToken);
        return mapper.Map<CaseDto>(supportCase) with { History = [.. supportCase.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(mapper.Map<CaseChangeDto>)] };
    }
}
