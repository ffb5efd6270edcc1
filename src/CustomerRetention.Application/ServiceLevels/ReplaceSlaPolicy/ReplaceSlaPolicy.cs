using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;

namespace CustomerRetention.Application.ServiceLevels.ReplaceSlaPolicy;

/// <summary>Replace an SLA policy as a whole (PUT): a change raises its version and keeps the new version; an identical body changes nothing.</summary>
public sealed record ReplaceSlaPolicyCommand(Guid Id, SlaPolicyFields Fields, uint? ExpectedVersion) : ICommand<SlaPolicyDto>;

public sealed class ReplaceSlaPolicyHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<ReplaceSlaPolicyCommand, SlaPolicyDto>
{
    public async ValueTask<SlaPolicyDto> Handle(ReplaceSlaPolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await ServiceLevelLookup.FindPolicyAsync(db.SlaPolicies, command.Id, command.ExpectedVersion, cancellationToken);
        var details = command.Fields.ToDetails();
        await SlaPolicyWrites.CheckCalendarAsync(db, details, cancellationToken);
        await SlaPolicyWrites.CheckSingleDefaultAsync(db, details, policy.Id, cancellationToken);
        if (policy.Replace(details, clock.UtcNowMicroseconds()))
        {
            db.SlaPolicyVersions.Add(policy.ToVersion());
        }

        await SlaPolicyWrites.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return SlaPolicyDto.Of(policy);
    }
}
