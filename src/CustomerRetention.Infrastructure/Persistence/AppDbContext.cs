using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Domain.Value;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerRetention.Infrastructure.Persistence;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IApplicationDbContext
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();

    public DbSet<Interaction> Interactions => Set<Interaction>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<RfmRun> RfmRuns => Set<RfmRun>();

    public DbSet<RfmResult> RfmResults => Set<RfmResult>();
    public DbSet<RfmSegment> RfmSegments => Set<RfmSegment>();

    public DbSet<SegmentCell> SegmentMap => Set<SegmentCell>();

    public DbSet<ClvModel> ClvModels => Set<ClvModel>();

    public DbSet<ClvPrediction> ClvPredictions => Set<ClvPrediction>();

    public async Task<Customer?> LockCustomerAsync(Guid id, CancellationToken cancellationToken)
    {
        // Row lock first, then an ordinary tracked load inside the same transaction.
        await Database.ExecuteSqlAsync($"SELECT 1 FROM customers WHERE id = {id} FOR UPDATE", cancellationToken);
        return await Customers.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConcurrencyConflictException("The resource was changed by another request at the same time.", e);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            throw new UniqueConstraintViolationException(pg.ConstraintName, e);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        modelBuilder.UseSnakeCaseNames();
    }
}
