using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.Contracts;

internal static class CustomerGuard
{
    /// <summary>Throws 404 unless a live (not archived) customer with this id exists.</summary>
    public static async Task EnsureLiveAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new NotFoundException("Customer", customerId);
        }
    }
}
