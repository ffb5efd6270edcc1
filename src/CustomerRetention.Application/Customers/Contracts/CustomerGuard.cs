using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.Contracts;

internal static class CustomerGuard
{
    /// <summary>Throws 404 unless a live (not archived) customer with this id exists (and the caller may see it).</summary>
    public static async Task EnsureLiveAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.IsVisibleAsync(customerId, cancellationToken))
        {
            throw new NotFoundException("Customer", customerId);
        }
    }

    /// <summary>Whether a live customer with this id exists that the caller may see (an agent: one it owns).</summary>
    public static Task<bool> IsVisibleAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken);

    /// <summary>The ids of the live customers the caller may see, to filter other modules' rows in the same statement.</summary>
    public static IQueryable<Guid> VisibleCustomerIds(this IApplicationDbContext db) => db.Customers.Select(c => c.Id);

    /// <summary>Whether a live customer with this id exists, whoever owns it (for work another module lets a caller see beyond its own customers: a case assigned to an agent).</summary>
    public static Task<bool> IsLiveAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Customers.IgnoreQueryFilters([QueryFilters.Owner]).AnyAsync(c => c.Id == customerId, cancellationToken);

    /// <summary>The owner of a live customer whoever may see it (null: no owner, or no such live customer), for work the system creates.</summary>
    public static Task<Guid?> OwnerOfLiveAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Customers.IgnoreQueryFilters([QueryFilters.Owner]).Where(c => c.Id == customerId).Select(c => c.OwnerId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The tags of a live customer whoever may see it (empty when there is no such live customer), for rules other modules match on tags.</summary>
    public static async Task<IReadOnlyList<string>> TagsOfLiveAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        await db.Customers.IgnoreQueryFilters([QueryFilters.Owner]).Where(c => c.Id == customerId).Select(c => c.Tags).FirstOrDefaultAsync(cancellationToken) ?? [];

    /// <summary>The owner of a live customer the caller may see (null: no owner); 404 when there is none.</summary>
    public static async Task<Guid?> OwnerOfAsync(this IApplicationDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        var owner = await db.Customers.Where(c => c.Id == customerId).Select(c => new { c.OwnerId }).FirstOrDefaultAsync(cancellationToken);
        return owner is null ? throw new NotFoundException("Customer", customerId) : owner.OwnerId;
    }

    /// <summary>The live customer holding this externalId that the caller may see; 404 when there is none.</summary>
    public static async Task<Guid> IdByExternalIdAsync(this IApplicationDbContext db, string externalId, CancellationToken cancellationToken)
    {
        var id = await db.Customers.Where(c => c.ExternalId == externalId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        return id ?? throw new NotFoundException($"No customer has externalId '{externalId}'.");
    }
}
