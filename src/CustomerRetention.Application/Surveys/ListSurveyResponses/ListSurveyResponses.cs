using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.ListSurveyResponses;

/// <summary>A survey's responses, newest first, optionally of one customer; agents see the responses of the customers they own.</summary>
public sealed record ListSurveyResponsesQuery(Guid SurveyId, Guid? CustomerId, int? Limit, string? Cursor) : IQuery<Page<SurveyResponseDto>>;

public sealed class ListSurveyResponsesHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListSurveyResponsesQuery, Page<SurveyResponseDto>>
{
    private const string Scope = "survey-responses";

    public async ValueTask<Page<SurveyResponseDto>> Handle(ListSurveyResponsesQuery query, CancellationToken cancellationToken)
    {
        await SurveyLookup.FindAsync(db.Surveys.AsNoTracking(), query.SurveyId, null, cancellationToken);
        var limit = query.Limit ?? PageLimits.Default;
        var responses = db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == query.SurveyId);
        if (query.CustomerId is { } customerId)
        {
            responses = responses.Where(r => r.CustomerId == customerId);
        }

        var rows = await responses.NewestFirst(r => r.CreatedAt, r => r.Id, cursors.DecodeOrThrow(query.Cursor, Scope), limit).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<SurveyResponseDto>, r => cursors.Encode(new TimeCursor(Scope, r.CreatedAt, r.Id)));
    }
}
