using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.AcknowledgeAlert;

/// <summary>Acknowledge an open alert: someone is on it.</summary>
public sealed record AcknowledgeAlertCommand(Guid Id, AlertNoteRequest Request, uint? ExpectedVersion) : ICommand<AlertDto>;

public sealed class AcknowledgeAlertHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, ICurrentActor actor) : ICommandHandler<AcknowledgeAlertCommand, AlertDto>
{
    public async ValueTask<AlertDto> Handle(AcknowledgeAlertCommand command, CancellationToken cancellationToken)
        => await AlertLookup.ChangeAsync(db, mapper, command.Id, command.ExpectedVersion, a => a.Acknowledge(command.Request.Note, actor.Name, clock.UtcNowMicroseconds()), cancellationToken);
}

public sealed class AcknowledgeAlertValidator : AbstractValidator<AcknowledgeAlertCommand>
{
    public AcknowledgeAlertValidator() => RuleFor(x => x.Request.Note).MaximumLength(Domain.Alerts.Alert.NoteMaxLength).OverridePropertyName("note");
}
