using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Orders;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders;

internal static class OrderLookup
{
    public static async Task<Order> FindAsync(IQueryable<Order> orders, IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        await orders.FirstOrDefaultAsync(o => o.Id == id && db.Customers.Any(c => c.Id == o.CustomerId), cancellationToken)
        ?? throw new NotFoundException("Order", id);
}
