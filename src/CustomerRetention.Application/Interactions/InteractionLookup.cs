using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Interactions;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Interactions;

internal static class InteractionLookup
{
    /// <summary>A live interaction of a live customer, or 404.</summary>
    public static async Task<Interaction> FindAsync(IQueryable<Interaction> interactions, IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        await interactions.FirstOrDefaultAsync(
            i => i.Id == id && i.DeletedAt == null && db.Customers.Any(c => c.Id == i.CustomerId),
            cancellationToken)
        ?? throw new NotFoundException("Interaction", id);
}
