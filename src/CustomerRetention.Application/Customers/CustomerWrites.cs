using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Customers;

/// <summary>
/// The writes of a customer that a single request and a batch item share: the owner a caller may
/// give, duplicate protection before saving and again from the unique indexes' refusal when two
/// requests race.
/// </summary>
internal static class CustomerWrites
{
    public static async Task<Customer> CreateAsync(
        IApplicationDbContext db,
        IOwnerScope scope,
        CustomerProfile requested,
        LifecycleStage? stage,
        DateTimeOffset? stageEnteredAt,
        DateTimeOffset now,
        string actor,
        CancellationToken cancellationToken)
    {
        var profile = requested with { OwnerId = OwnerScope.OwnerFor(scope, requested.OwnerId, isNew: true) };
        await DuplicateCustomerGuard.ThrowIfDuplicateAsync(db, scope, profile, null, cancellationToken);

        var customer = Customer.Create(profile, stage ?? LifecycleStage.Awareness, stageEnteredAt, now, actor);
        db.Customers.Add(customer);
        await SaveAsync(db, scope, profile, customer.Id, cancellationToken);
        return customer;
    }

    /// <summary>Applies <paramref name="profile"/>; false (and nothing written) when it equals the customer's.</summary>
    public static async Task<bool> UpdateAsync(
        IApplicationDbContext db, IOwnerScope scope, Customer customer, CustomerProfile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        OwnerScope.OwnerFor(scope, profile.OwnerId, isNew: false);
        if (!customer.UpdateProfile(profile, now))
        {
            return false;
        }

        await DuplicateCustomerGuard.ThrowIfDuplicateAsync(db, scope, profile, customer.Id, cancellationToken);
        await SaveAsync(db, scope, profile, customer.Id, cancellationToken);
        return true;
    }

    private static async Task SaveAsync(IApplicationDbContext db, IOwnerScope scope, CustomerProfile profile, Guid self, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Another request took the e-mail or externalId between our check and our write.
            await DuplicateCustomerGuard.ThrowIfDuplicateAsync(db, scope, profile, self, cancellationToken);
            throw;
        }
    }
}
