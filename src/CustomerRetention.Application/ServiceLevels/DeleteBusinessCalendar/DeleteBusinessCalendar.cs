using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.BuildingBlocks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.DeleteBusinessCalendar;

/// <summary>Delete a business calendar no SLA policy uses; one in use is a 409 <c>business-calendar-in-use</c> naming the policies.</summary>
public sealed record DeleteBusinessCalendarCommand(Guid Id, uint? ExpectedVersion) : ICommand;

public sealed class DeleteBusinessCalendarHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteBusinessCalendarCommand>
{
    public async ValueTask<Unit> Handle(DeleteBusinessCalendarCommand command, CancellationToken cancellationToken)
    {
        var calendar = await ServiceLevelLookup.FindCalendarAsync(db.BusinessCalendars, command.Id, command.ExpectedVersion, cancellationToken);
        var users = await db.SlaPolicies.AsNoTracking().Where(p => p.CalendarId == calendar.Id)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(20).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            throw new DomainException(
                "business-calendar-in-use",
                "SLA policies use this calendar: point them at another calendar (or calendar mode) first.",
                new Dictionary<string, object?> { ["policyIds"] = users });
        }

        calendar.MarkDeleted(clock.UtcNowMicroseconds());
        db.BusinessCalendars.Remove(calendar);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}
