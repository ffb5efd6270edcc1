using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Surveys;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.ListSurveySends;

/// <summary>A survey's sends, newest first, optionally of one status or customer; agents see the sends of the customers they own.</summary>
public sealed record ListSurveySendsQuery(Guid SurveyId, SurveySendStatus? Status, Guid? CustomerId, int? Limit, string? Cursor) : IQuery<Page<SurveySendDto>>;

public sealed class ListSurveySendsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListSurveySendsQuery, Page<SurveySendDto>>
{
    private const string Scope = "survey-sends";

    public async ValueTask<Page<SurveySendDto>> Handle(ListSurveySendsQuery query, CancellationToken cancellationToken)
    {
        await SurveyLookup.FindAsync(db.Surveys.AsNoTracking(), query.SurveyId, null, cancellationToken);
        var limit = query.Limit ?? PageLimits.Default;
        var sends = db.SurveySends.AsNoTracking().Where(s => s.SurveyId == query.SurveyId);
        if (query.Status is { } status)
        {
            sends = sends.Where(s => s.Status == status);
        }

        if (query.CustomerId is { } customerId)
        {
            sends = sends.Where(s => s.CustomerId == customerId);
        }

        var rows = await sends.NewestFirst(s => s.CreatedAt, s => s.Id, cursors.DecodeOrThrow(query.Cursor, Scope), limit).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<SurveySendDto>, s => cursors.Encode(new TimeCursor(Scope, s.CreatedAt, s.Id)));
    }
}
