using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders.Contracts;

/// <summary>What other modules may ask about orders.</summary>
public static class OrderQueries
{
    /// <summary>Whether <paramref name="orderId"/> is an order of <paramref name="customerId"/> (a case about an order names one of its customer's).</summary>
    public static Task<bool> IsOrderOfAsync(this IApplicationDbContext db, Guid orderId, Guid customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Orders.AnyAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
    }
}
