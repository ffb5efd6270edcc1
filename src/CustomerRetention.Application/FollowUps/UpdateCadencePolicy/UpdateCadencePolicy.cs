using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.FollowUps.UpdateCadencePolicy;

/// <summary>Merge-patch (RFC 7396) of a cadence policy; <c>tiers</c> and <c>touchTypes</c> are replaced as a whole (arrays are, in a merge-patch).</summary>
public sealed record UpdateCadencePolicyCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<CadencePolicyDto>;

public sealed class UpdateCadencePolicyHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IValidator<CadencePolicyFields> validator)
    : ICommandHandler<UpdateCadencePolicyCommand, CadencePolicyDto>
{
    public async ValueTask<CadencePolicyDto> Handle(UpdateCadencePolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await CadencePolicyLookup.FindAsync(db.CadencePolicies, command.Id, command.ExpectedVersion, cancellationToken);
        var fields = JsonMergePatch.ApplyTo(CadencePolicyFields.From(policy.ToDetails()), command.Patch);
        var validation = await validator.ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        policy.Update(fields.ToDetails(), clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<CadencePolicyDto>(policy);
    }
}
