using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.ServiceLevels;
using Mediator;

namespace CustomerRetention.Application.ServiceLevels.CreateSlaPolicy;

/// <summary>Create an SLA policy (version 1, kept as the policy's first version).</summary>
public sealed record CreateSlaPolicyCommand(SlaPolicyFields Fields) : ICommand<SlaPolicyDto>;

public sealed class CreateSlaPolicyHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<CreateSlaPolicyCommand, SlaPolicyDto>
{
    public async ValueTask<SlaPolicyDto> Handle(CreateSlaPolicyCommand command, CancellationToken cancellationToken)
    {
        var details = command.Fields.ToDetails();
        await SlaPolicyWrites.CheckCalendarAsync(db, details, cancellationToken);
        await SlaPolicyWrites.CheckSingleDefaultAsync(db, details, null, cancellationToken);
        var policy = SlaPolicy.Create(details, clock.UtcNowMicroseconds());
        db.SlaPolicies.Add(policy);
        db.SlaPolicyVersions.Add(policy.ToVersion());
        await SlaPolicyWrites.SaveAsync(db, null, cancellationToken);
        return SlaPolicyDto.Of(policy);
    }
}
