using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.GetBirthdayPolicy;

public sealed record GetBirthdayPolicyQuery : IQuery<BirthdayPolicyDto>;

public sealed class GetBirthdayPolicyHandler(IApplicationDbContext db) : IQueryHandler<GetBirthdayPolicyQuery, BirthdayPolicyDto>
{
    public async ValueTask<BirthdayPolicyDto> Handle(GetBirthdayPolicyQuery query, CancellationToken cancellationToken) =>
        BirthdayPolicyDto.Of(await ReminderPolicyLookup.FindAsync(db.ReminderPolicies.AsNoTracking(), ReminderKind.Birthday, null, cancellationToken));
}
