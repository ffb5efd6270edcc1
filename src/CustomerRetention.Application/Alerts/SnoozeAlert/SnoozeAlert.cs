using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.SnoozeAlert;

/// <summary>Snooze an open or acknowledged alert until an instant.</summary>
public sealed record SnoozeAlertCommand(Guid Id, AlertSnoozeRequest Request, uint? ExpectedVersion) : ICommand<AlertDto>;

public sealed class SnoozeAlertHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, ICurrentActor actor) : ICommandHandler<SnoozeAlertCommand, AlertDto>
{
    public async ValueTask<AlertDto> Handle(SnoozeAlertCommand command, CancellationToken cancellationToken)
        => await AlertLookup.ChangeAsync(db, mapper, command.Id, command.ExpectedVersion, a => a.Snooze(command.Request.Until!.Value.ToMicroseconds(), command.Request.Reason, actor.Name, clock.UtcNowMicroseconds()), cancellationToken);
}

public sealed class SnoozeAlertValidator : AbstractValidator<SnoozeAlertCommand>
{
    public SnoozeAlertValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.Until).NotNull().Must(u => u is null || u > clock.GetUtcNow()).WithMessage("'until' must be in the future.").OverridePropertyName("until");
        RuleFor(x => x.Request.Reason).MaximumLength(Domain.Alerts.Alert.NoteMaxLength).OverridePropertyName("reason");
    }
}
