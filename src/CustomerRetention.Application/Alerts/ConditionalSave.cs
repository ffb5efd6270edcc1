using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;

namespace CustomerRetention.Application.Alerts;

/// <summary>The save of a conditional change to a rule or an alert.</summary>
internal static class ConditionalSave
{
    /// <summary>Saves; a concurrency conflict of a conditional request (If-Match) is 412.</summary>
    public static async Task SaveAsync(IApplicationDbContext db, uint? expectedVersion, CancellationToken cancellationToken)
    {
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
