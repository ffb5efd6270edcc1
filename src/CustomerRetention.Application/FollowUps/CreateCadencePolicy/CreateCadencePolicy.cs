using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using Mediator;

namespace CustomerRetention.Application.FollowUps.CreateCadencePolicy;

/// <summary>Create a cadence policy (disabled unless <c>enabled</c> is true).</summary>
public sealed record CreateCadencePolicyCommand(CadencePolicyFields Fields) : ICommand<CadencePolicyDto>;

public sealed class CreateCadencePolicyHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock)
    : ICommandHandler<CreateCadencePolicyCommand, CadencePolicyDto>
{
    public async ValueTask<CadencePolicyDto> Handle(CreateCadencePolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = CadencePolicy.Create(command.Fields.ToDetails(), clock.UtcNowMicroseconds());
        db.CadencePolicies.Add(policy);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<CadencePolicyDto>(policy);
    }
}
