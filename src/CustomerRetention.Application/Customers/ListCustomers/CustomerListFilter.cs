using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.ListCustomers;

/// <summary>
/// The filters and sort orders of the customer list, shared by the page (<see cref="ListCustomersHandler"/>)
/// and the CSV export, so an export holds exactly the rows the list's pages hold, in the same order.
/// </summary>
public sealed record CustomerListFilter(string? Q, string? Stage, string? Segment, string? Tag, Guid? OwnerId, DateTimeOffset? UpdatedSince)
{
    /// <summary>
    /// Live customers (owner scoping comes from the context's query filter) matching the filters. Async because
    /// the <c>segment</c> filter first resolves the latest succeeded run, and is a validation failure for an unknown segment.
    /// </summary>
    internal async Task<IQueryable<Customer>> ApplyAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = "%" + EscapeLike(Q.Trim().ToLowerInvariant()) + "%";
            customers = customers.Where(c => EF.Functions.Like(EF.Property<string>(c, CustomerSearch.ColumnProperty), pattern, "\\"));
        }

        if (Stage is not null)
        {
            var stage = Enum.Parse<LifecycleStage>(Stage, ignoreCase: true);
            customers = customers.Where(c => c.LifecycleStage == stage);
        }

        if (Segment is not null)
        {
            // Segments of the latest succeeded run; none succeeded yet means nobody is in a segment.
            var inSegment = await db.CustomersInLatestRfmSegmentAsync(Segment, cancellationToken);
            customers = customers.Where(c => inSegment.Contains(c.Id));
        }

        if (!string.IsNullOrWhiteSpace(Tag))
        {
            var tag = Tag.Trim().ToLowerInvariant();
            customers = customers.Where(c => c.TagKeys.Contains(tag));
        }

        if (OwnerId is { } ownerId)
        {
            customers = customers.Where(c => c.OwnerId == ownerId);
        }

        if (UpdatedSince is { } updatedSince)
        {
            customers = customers.Where(c => c.UpdatedAt >= updatedSince.ToUniversalTime());
        }

        return customers;
    }

    /// <summary>The keyset order of a sort value (see <see cref="CustomerSorts"/>); the id breaks ties.</summary>
    internal static IQueryable<Customer> Order(IQueryable<Customer> customers, string sort) => sort switch
    {
        "createdAt" => customers.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        "name" => customers.OrderBy(c => c.Name).ThenBy(c => c.Id),
        "-name" => customers.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id),
        "updatedAt" => customers.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id),
        "-updatedAt" => customers.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id),
        _ => customers.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
    };

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
