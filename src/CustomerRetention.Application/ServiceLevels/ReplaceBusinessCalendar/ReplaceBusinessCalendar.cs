using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.ServiceLevels;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.ReplaceBusinessCalendar;

/// <summary>Replace a business calendar as a whole (PUT); an identical body changes nothing (no event, same version).</summary>
public sealed record ReplaceBusinessCalendarCommand(Guid Id, BusinessCalendarFields Fields, uint? ExpectedVersion) : ICommand<BusinessCalendarDto>;

public sealed class ReplaceBusinessCalendarHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<ReplaceBusinessCalendarCommand, BusinessCalendarDto>
{
    public async ValueTask<BusinessCalendarDto> Handle(ReplaceBusinessCalendarCommand command, CancellationToken cancellationToken)
    {
        var calendar = await ServiceLevelLookup.FindCalendarAsync(db.BusinessCalendars, command.Id, command.ExpectedVersion, cancellationToken);
        var details = command.Fields.ToDetails();
        if (details.Weekly.Count == 0)
        {
            var users = await db.SlaPolicies.AsNoTracking()
                .Where(p => p.CalendarId == calendar.Id && p.HoursMode == HoursMode.Business)
                .OrderBy(p => p.Id).Select(p => p.Id).Take(20).ToListAsync(cancellationToken);
            if (users.Count > 0)
            {
                throw new DomainException(
                    "business-calendar-in-use",
                    "Business-mode SLA policies count this calendar's hours, so it needs at least one weekly interval.",
                    new Dictionary<string, object?> { ["policyIds"] = users });
            }
        }

        calendar.Replace(details, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return BusinessCalendarDto.Of(calendar);
    }
}
