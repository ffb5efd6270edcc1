using CustomerRetention.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Common.Interfaces;

/// <summary>
/// The unit of work the use cases see. EF Core abstractions only: no provider types, so the
/// Application layer stays independent of PostgreSQL (ARCHITECTURE.md §1).
/// </summary>
public interface IApplicationDbContext
{
    DbSet<Customer> Customers { get; }

    /// <summary>
    /// Saves the unit of work. Throws <see cref="Exceptions.UniqueConstraintViolationException"/>
    /// when a unique index refuses a row and <see cref="Exceptions.ConcurrencyConflictException"/>
    /// when a row changed since it was read.
    /// </summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
