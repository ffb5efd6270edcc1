using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.ResolveAlert;

/// <summary>Resolve an active alert with its outcome (its key is then in cool-down).</summary>
public sealed record ResolveAlertCommand(Guid Id, AlertResolutionRequest Request, uint? ExpectedVersion) : ICommand<AlertDto>;

public sealed class ResolveAlertHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, ICurrentActor actor) : ICommandHandler<ResolveAlertCommand, AlertDto>
{
    public async ValueTask<AlertDto> Handle(ResolveAlertCommand command, CancellationToken cancellationToken)
        => await AlertLookup.ChangeAsync(db, mapper, command.Id, command.ExpectedVersion, a => a.Resolve(command.Request.Outcome!.Value, command.Request.Note, actor.Name, clock.UtcNowMicroseconds()), cancellationToken);
}

public sealed class ResolveAlertValidator : AbstractValidator<ResolveAlertCommand>
{
    public ResolveAlertValidator()
    {
        RuleFor(x => x.Request.Outcome).NotNull().OverridePropertyName("outcome");
        RuleFor(x => x.Request.Note).MaximumLength(Domain.Alerts.Alert.NoteMaxLength).OverridePropertyName("note");
    }
}
