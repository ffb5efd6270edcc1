using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using Mediator;

namespace CustomerRetention.Application.FollowUps.ReplaceBirthdayPolicy;

/// <summary>Replace the birthday policy as a whole; an unchanged body changes nothing (no event, same version).</summary>
public sealed record ReplaceBirthdayPolicyCommand(BirthdayPolicyFields Fields, uint? ExpectedVersion) : ICommand<BirthdayPolicyDto>;

public sealed class ReplaceBirthdayPolicyHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<ReplaceBirthdayPolicyCommand, BirthdayPolicyDto>
{
    public async ValueTask<BirthdayPolicyDto> Handle(ReplaceBirthdayPolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await ReminderPolicyLookup.FindAsync(db.ReminderPolicies, ReminderKind.Birthday, command.ExpectedVersion, cancellationToken);
        policy.Replace(command.Fields.ToSettings(), command.Fields.Enabled ?? false, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return BirthdayPolicyDto.Of(policy);
    }
}
