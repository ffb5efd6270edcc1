using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Domain.Value;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CustomerRetention.Application.BuildingBlocks.Interfaces;

/// <summary>
/// The unit of work the use cases see. EF Core abstractions only: no provider types, so the
/// Application layer stays independent of PostgreSQL (ARCHITECTURE.md §1).
/// </summary>
public interface IApplicationDbContext
{
    DbSet<Customer> Customers { get; }

    DbSet<StageTransition> StageTransitions { get; }

    DbSet<Interaction> Interactions { get; }

    DbSet<Order> Orders { get; }

    DbSet<RfmRun> RfmRuns { get; }

    DbSet<RfmResult> RfmResults { get; }

    DbSet<RfmSegment> RfmSegments { get; }

    DbSet<SegmentCell> SegmentMap { get; }

    DbSet<ClvModel> ClvModels { get; }

    DbSet<ClvPrediction> ClvPredictions { get; }

    /// <summary>Transactions, for use cases that must lock before they read.</summary>
    DatabaseFacade Database { get; }

    /// <summary>
    /// Loads a live customer for update and locks its row until the current transaction ends,
    /// so concurrent use cases on one customer run one after the other. Null when not found.
    /// </summary>
    Task<Customer?> LockCustomerAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the unit of work. Throws <see cref="Exceptions.UniqueConstraintViolationException"/>
    /// when a unique index refuses a row and <see cref="Exceptions.ConcurrencyConflictException"/>
    /// when a row changed since it was read.
    /// </summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
