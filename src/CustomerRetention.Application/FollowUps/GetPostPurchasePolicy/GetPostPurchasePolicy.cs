using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.GetPostPurchasePolicy;

public sealed record GetPostPurchasePolicyQuery : IQuery<PostPurchasePolicyDto>;

public sealed class GetPostPurchasePolicyHandler(IApplicationDbContext db) : IQueryHandler<GetPostPurchasePolicyQuery, PostPurchasePolicyDto>
{
    public async ValueTask<PostPurchasePolicyDto> Handle(GetPostPurchasePolicyQuery query, CancellationToken cancellationToken) =>
        PostPurchasePolicyDto.Of(await ReminderPolicyLookup.FindAsync(db.ReminderPolicies.AsNoTracking(), ReminderKind.PostPurchase, null, cancellationToken));
}
