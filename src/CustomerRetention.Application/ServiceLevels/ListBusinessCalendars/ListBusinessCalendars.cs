using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.ListBusinessCalendars;

/// <summary>Every business calendar, newest first.</summary>
public sealed record ListBusinessCalendarsQuery(int? Limit, string? Cursor) : IQuery<Page<BusinessCalendarDto>>;

public sealed class ListBusinessCalendarsHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListBusinessCalendarsQuery, Page<BusinessCalendarDto>>
{
    private const string Scope = "business-calendars";

    public async ValueTask<Page<BusinessCalendarDto>> Handle(ListBusinessCalendarsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.BusinessCalendars.AsNoTracking()
            .NewestFirst(c => c.CreatedAt, c => c.Id, cursors.DecodeOrThrow(query.Cursor, Scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, BusinessCalendarDto.Of, c => cursors.Encode(new TimeCursor(Scope, c.CreatedAt, c.Id)));
    }
}
