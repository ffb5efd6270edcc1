using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Cases;

internal static class CaseLookup
{
    /// <summary>
    /// A case of a live customer the caller may see (an agent: its customers' cases and those
    /// assigned to it), with its journal; or 404. A stale <c>If-Match</c> is 412.
    /// </summary>
    public static async Task<SupportCase> FindAsync(IApplicationDbContext db, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var supportCase = await db.Cases.Include(c => c.History).Include(c => c.SlaTargets).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (supportCase is null || !await db.IsLiveAsync(supportCase.CustomerId, cancellationToken))
        {
            throw new NotFoundException("Case", id);
        }

        return expectedVersion is { } expected && expected != supportCase.Version ? throw new PreconditionFailedException() : supportCase;
    }
}
