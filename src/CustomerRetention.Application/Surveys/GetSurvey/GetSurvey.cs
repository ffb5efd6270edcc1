using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.GetSurvey;

public sealed record GetSurveyQuery(Guid Id) : IQuery<SurveyDto>;

public sealed class GetSurveyHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetSurveyQuery, SurveyDto>
{
    public async ValueTask<SurveyDto> Handle(GetSurveyQuery query, CancellationToken cancellationToken) =>
        mapper.Map<SurveyDto>(await SurveyLookup.FindAsync(db.Surveys.AsNoTracking(), query.Id, null, cancellationToken));
}
