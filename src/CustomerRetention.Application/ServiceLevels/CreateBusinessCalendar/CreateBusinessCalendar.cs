using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.ServiceLevels;
using Mediator;

namespace CustomerRetention.Application.ServiceLevels.CreateBusinessCalendar;

/// <summary>Create a business calendar.</summary>
public sealed record CreateBusinessCalendarCommand(BusinessCalendarFields Fields) : ICommand<BusinessCalendarDto>;

public sealed class CreateBusinessCalendarHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<CreateBusinessCalendarCommand, BusinessCalendarDto>
{
    public async ValueTask<BusinessCalendarDto> Handle(CreateBusinessCalendarCommand command, CancellationToken cancellationToken)
    {
        var calendar = BusinessCalendar.Create(command.Fields.ToDetails(), clock.UtcNowMicroseconds());
        db.BusinessCalendars.Add(calendar);
        await db.SaveChangesAsync(cancellationToken);
        return BusinessCalendarDto.Of(calendar);
    }
}
