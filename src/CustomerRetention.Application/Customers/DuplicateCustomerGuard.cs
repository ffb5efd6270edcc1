using CustomerRetention.Application.BuildingBlocks.Interfaces;
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

    public static async Task ThrowIfDuplicateAsync(
        IApplicationDbContext db, CustomerProfile profile, Guid? self, CancellationToken cancellationToken)
    {
        var externalId = profile.ExternalId;
        var emailKey = profile.Email?.ToLowerInvariant();
        if (externalId is null && emailKey is null)
        {
            return;
        }

        var existing = await db.Customers.AsNoTracking()
            .Where(c => c.Id != self && ((externalId != null && c.ExternalId == externalId) || (emailKey != null && c.EmailKey == emailKey)))
            .Select(c => new { c.Id, c.ExternalId, c.EmailKey })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return;
        }

        var field = externalId is not null && existing.ExternalId == externalId ? "externalId" : "email";
        var value = field == "externalId" ? externalId : profile.Email;
        throw new DomainException(
            Code,
            $"A customer with {field} '{value}' already exists: {existing.Id}.",
            new Dictionary<string, object?> { ["existingCustomerId"] = existing.Id, ["field"] = field });
    }
}
