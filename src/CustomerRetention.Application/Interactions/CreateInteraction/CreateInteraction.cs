using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Domain.Interactions;
using Mediator;

namespace CustomerRetention.Application.Interactions.CreateInteraction;

/// <summary>Record a touchpoint with a live customer.</summary>
public sealed record CreateInteractionCommand(Guid CustomerId, InteractionFields Fields) : ICommand<InteractionDto>;

public sealed class CreateInteractionHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock)
    : ICommandHandler<CreateInteractionCommand, InteractionDto>
{
    public async ValueTask<InteractionDto> Handle(CreateInteractionCommand command, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(command.CustomerId, cancellationToken);

        var interaction = Interaction.Create(command.CustomerId, command.Fields.ToDetails(), clock.UtcNowMicroseconds());
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<InteractionDto>(interaction);
    }
}
