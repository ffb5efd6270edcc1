using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Surveys;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.ListSurveys;

/// <summary>Surveys, newest first, optionally of one status or type.</summary>
public sealed record ListSurveysQuery(SurveyStatus? Status, SurveyType? Type, int? Limit, string? Cursor) : IQuery<Page<SurveyDto>>;

public sealed class ListSurveysHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListSurveysQuery, Page<SurveyDto>>
{
    private const string Scope = "surveys";

    public async ValueTask<Page<SurveyDto>> Handle(ListSurveysQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var surveys = db.Surveys.AsNoTracking();
        if (query.Status is { } status)
        {
            surveys = surveys.Where(s => s.Status == status);
        }

        if (query.Type is { } type)
        {
            surveys = surveys.Where(s => s.Type == type);
        }

        var rows = await surveys.NewestFirst(s => s.CreatedAt, s => s.Id, cursors.DecodeOrThrow(query.Cursor, Scope), limit).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<SurveyDto>, s => cursors.Encode(new TimeCursor(Scope, s.CreatedAt, s.Id)));
    }
}
