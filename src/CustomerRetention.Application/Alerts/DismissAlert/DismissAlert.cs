using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.DismissAlert;

/// <summary>Dismiss an alert: it is not worth acting on (its key is then in cool-down).</summary>
public sealed record DismissAlertCommand(Guid Id, AlertNoteRequest Request, uint? ExpectedVersion) : ICommand<AlertDto>;

public sealed class DismissAlertHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, ICurrentActor actor) : ICommandHandler<DismissAlertCommand, AlertDto>
{
    public async ValueTask<AlertDto> Handle(DismissAlertCommand command, CancellationToken cancellationToken)
        => await AlertLookup.ChangeAsync(db, mapper, command.Id, command.ExpectedVersion, a => a.Dismiss(command.Request.Note, actor.Name, clock.UtcNowMicroseconds()), cancellationToken);
}

public sealed class DismissAlertValidator : AbstractValidator<DismissAlertCommand>
{
    public DismissAlertValidator() => RuleFor(x => x.Request.Note).MaximumLength(Domain.Alerts.Alert.NoteMaxLength).OverridePropertyName("note");
}
