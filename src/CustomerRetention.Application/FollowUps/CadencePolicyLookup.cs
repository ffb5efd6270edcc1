using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps;

internal static class CadencePolicyLookup
{
    /// <summary>A cadence policy, or 404; a stale <c>If-Match</c> is 412.</summary>
    public static async Task<CadencePolicy> FindAsync(IQueryable<CadencePolicy> policies, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var policy = await policies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Cadence policy", id);
        return expectedVersion is { } expected && expected != policy.Version ? throw new PreconditionFailedException() : policy;
    }
}
