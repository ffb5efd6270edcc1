using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;

namespace CustomerRetention.Application.BuildingBlocks;

/// <summary>The save of a conditional change (a request with <c>If-Match</c>) to any resource with a row version.</summary>
public static class ConditionalSave
{
    /// <summary>Saves; a concurrency conflict of a conditional request (If-Match) is 412; without If-Match the conflict surfaces as it is (a retry or a 409 upstream).</summary>
    public static async Task SaveAsync(IApplicationDbContext db, uint? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyConflictException) when (expectedVersion is not null)
        {
            throw new PreconditionFailedException();
        }
    }
}
