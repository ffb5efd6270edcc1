using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using Mediator;

namespace CustomerRetention.Application.FollowUps.ReplacePostPurchasePolicy;

/// <summary>Replace the post-purchase policy as a whole; an unchanged body changes nothing (no event, same version).</summary>
public sealed record ReplacePostPurchasePolicyCommand(PostPurchasePolicyFields Fields, uint? ExpectedVersion) : ICommand<PostPurchasePolicyDto>;

public sealed class ReplacePostPurchasePolicyHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<ReplacePostPurchasePolicyCommand, PostPurchasePolicyDto>
{
    public async ValueTask<PostPurchasePolicyDto> Handle(ReplacePostPurchasePolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await ReminderPolicyLookup.FindAsync(db.ReminderPolicies, ReminderKind.PostPurchase, command.ExpectedVersion, cancellationToken);
        policy.Replace(command.Fields.ToSettings(), command.Fields.Enabled ?? false, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return PostPurchasePolicyDto.Of(policy);
    }
}
