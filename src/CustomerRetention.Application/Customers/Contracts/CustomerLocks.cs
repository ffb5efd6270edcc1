using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Application.Customers.Contracts;

/// <summary>What other modules may do with a customer's row lock (ADR 5): serialize their own writes per customer.</summary>
internal static class CustomerLocks
{
    /// <summary>
    /// Locks a live customer the caller may see until the current transaction ends (404 when there
    /// is none) and returns its lifecycle stage as the API spells it, read under the lock.
    /// </summary>
    public static async Task<string> LockLiveAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        var customer = await db.LockCustomerAsync(customerId, cancellationToken) ?? throw new NotFoundException("Customer", customerId);
        return ApiJson.EnumValue(customer.LifecycleStage);
    }
}
