using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;

namespace CustomerRetention.Application.Interactions.DeleteInteraction;

/// <summary>Delete an interaction: explicit and recorded (who and when), never silent.</summary>
public sealed record DeleteInteractionCommand(Guid Id, string Actor, uint? ExpectedVersion) : ICommand;

public sealed class DeleteInteractionHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteInteractionCommand>
{
    public async ValueTask<Unit> Handle(DeleteInteractionCommand command, CancellationToken cancellationToken)
    {
        var interaction = await InteractionLookup.FindAsync(db.Interactions, db, command.Id, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != interaction.Version)
        {
            throw new PreconditionFailedException();
        }

        interaction.Delete(command.Actor, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}
