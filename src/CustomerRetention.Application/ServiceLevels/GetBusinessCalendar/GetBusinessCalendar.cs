using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.GetBusinessCalendar;

public sealed record GetBusinessCalendarQuery(Guid Id) : IQuery<BusinessCalendarDto>;

public sealed class GetBusinessCalendarHandler(IApplicationDbContext db) : IQueryHandler<GetBusinessCalendarQuery, BusinessCalendarDto>
{
    public async ValueTask<BusinessCalendarDto> Handle(GetBusinessCalendarQuery query, CancellationToken cancellationToken) =>
        BusinessCalendarDto.Of(await ServiceLevelLookup.FindCalendarAsync(db.BusinessCalendars.AsNoTracking(), query.Id, null, cancellationToken));
}
