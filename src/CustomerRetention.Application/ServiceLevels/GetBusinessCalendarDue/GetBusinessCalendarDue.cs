using System.Globalization;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.ServiceLevels;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.GetBusinessCalendarDue;

/// <summary>When <c>minutes</c> business (or calendar) minutes after <c>start</c> fall due on a calendar (SPEC §9.3, what front-ends show as "due by").</summary>
public sealed record GetBusinessCalendarDueQuery(Guid Id, DateTimeOffset? Start, int? Minutes, string? Mode) : IQuery<BusinessCalendarDueDto>;

public sealed class GetBusinessCalendarDueHandler(IApplicationDbContext db) : IQueryHandler<GetBusinessCalendarDueQuery, BusinessCalendarDueDto>
{
    public async ValueTask<BusinessCalendarDueDto> Handle(GetBusinessCalendarDueQuery query, CancellationToken cancellationToken)
    {
        var calendar = await ServiceLevelLookup.FindCalendarAsync(db.BusinessCalendars.AsNoTracking(), query.Id, null, cancellationToken);
        var mode = query.Mode == "calendar" ? HoursMode.Calendar : HoursMode.Business;
        var hours = calendar.Hours();
        var start = query.Start!.Value.ToUniversalTime();
        var due = hours.Due(start, query.Minutes!.Value, mode);
        return new BusinessCalendarDueDto
        {
            DueAt = due,
            Start = start,
            Minutes = query.Minutes.Value,
            Mode = mode,
            TimeZone = calendar.TimeZone,
            LocalDueAt = hours.LocalTime(due).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        };
    }
}
