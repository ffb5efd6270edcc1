using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;

namespace CustomerRetention.Application.FollowUps.DeleteCadencePolicy;

/// <summary>Delete a cadence policy. Its open tasks stay open (a person may still be working them) until completed or cancelled.</summary>
public sealed record DeleteCadencePolicyCommand(Guid Id, uint? ExpectedVersion) : ICommand;

public sealed class DeleteCadencePolicyHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteCadencePolicyCommand>
{
    public async ValueTask<Unit> Handle(DeleteCadencePolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await CadencePolicyLookup.FindAsync(db.CadencePolicies, command.Id, command.ExpectedVersion, cancellationToken);
        policy.MarkDeleted(clock.UtcNowMicroseconds());
        db.CadencePolicies.Remove(policy);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}
