using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Interactions.Contracts;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Interactions.UpdateInteraction;

/// <summary>Merge-patch (RFC 7396) of an interaction; the merged document is validated like a create.</summary>
public sealed record UpdateInteractionCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<InteractionDto>;

public sealed class UpdateInteractionHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IValidator<InteractionFields> validator)
    : ICommandHandler<UpdateInteractionCommand, InteractionDto>
{
    public async ValueTask<InteractionDto> Handle(UpdateInteractionCommand command, CancellationToken cancellationToken)
    {
        var interaction = await InteractionLookup.FindAsync(db.Interactions, db, command.Id, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != interaction.Version)
        {
            throw new PreconditionFailedException();
        }

        var fields = JsonMergePatch.ApplyTo(InteractionFields.From(interaction.ToDetails()), command.Patch);
        var validation = await validator.ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        interaction.Update(fields.ToDetails(), clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<InteractionDto>(interaction);
    }
}
