using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;

namespace CustomerRetention.Application.ServiceLevels.DeleteSlaPolicy;

/// <summary>Delete an SLA policy; its versions stay (cases that recorded one still read it). The default policy is a 409 <c>sla-default-policy-required</c>.</summary>
public sealed record DeleteSlaPolicyCommand(Guid Id, uint? ExpectedVersion) : ICommand;

public sealed class DeleteSlaPolicyHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteSlaPolicyCommand>
{
    public async ValueTask<Unit> Handle(DeleteSlaPolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await ServiceLevelLookup.FindPolicyAsync(db.SlaPolicies, command.Id, command.ExpectedVersion, cancellationToken);
        policy.MarkDeleted(clock.UtcNowMicroseconds());
        db.SlaPolicies.Remove(policy);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}
