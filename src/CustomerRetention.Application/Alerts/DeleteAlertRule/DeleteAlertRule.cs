using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;

namespace CustomerRetention.Application.Alerts.DeleteAlertRule;

/// <summary>Delete a rule: it is no longer listed or evaluated; its alerts and evaluations stay and still name it.</summary>
public sealed record DeleteAlertRuleCommand(Guid Id, uint? ExpectedVersion) : ICommand;

public sealed class DeleteAlertRuleHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteAlertRuleCommand>
{
    public async ValueTask<Unit> Handle(DeleteAlertRuleCommand command, CancellationToken cancellationToken)
    {
        var rule = await AlertRuleLookup.FindAsync(db, command.Id, command.ExpectedVersion, cancellationToken);
        rule.Delete(clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}
