using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers;

/// <summary>
/// Duplicate protection (SPEC §2): a live customer already holding the e-mail or externalId is a
/// conflict that names that customer. Checked before saving for a clear answer, and again from
/// the unique indexes' refusal when two requests race.
/// </summary>
internal static class DuplicateCustomerGuard
{
    public const string Code = "duplicate-customer";

    private static readonly string[] OwnerFilterOnly = [QueryFilters.Owner];

    public static async Task ThrowIfDuplicateAsync(
        IApplicationDbContext db, IOwnerScope scope, CustomerProfile profile, Guid? self, CancellationToken cancellationToken)
    {
        var externalId = profile.ExternalId;
        var emailKey = profile.Email?.ToLowerInvariant();
        if (externalId is null && emailKey is null)
        {
            return;
        }

        // Across owners (the unique indexes are), but another owner's customer is not named to an agent.
        var existing = await db.Customers.IgnoreQueryFilters(OwnerFilterOnly).AsNoTracking()
            .Where(c => c.Id != self && ((externalId != null && c.ExternalId == externalId) || (emailKey != null && c.EmailKey == emailKey)))
            .Select(c => new { c.Id, c.ExternalId, c.EmailKey, c.OwnerId })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return;
        }

        var field = externalId is not null && existing.ExternalId == externalId ? "externalId" : "email";
        var value = field == "externalId" ? externalId : profile.Email;
        if (scope.OwnerId is { } agent && existing.OwnerId != agent)
        {
            throw new DomainException(
                Code,
                $"A customer with {field} '{value}' already exists and belongs to another owner.",
                new Dictionary<string, object?> { ["field"] = field });
        }

        throw new DomainException(
            Code,
            $"A customer with {field} '{value}' already exists: {existing.Id}.",
            new Dictionary<string, object?> { ["existingCustomerId"] = existing.Id, ["field"] = field });
    }
}
