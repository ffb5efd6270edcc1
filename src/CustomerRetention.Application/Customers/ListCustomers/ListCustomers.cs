using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Customers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.ListCustomers;

/// <summary>
/// Live customers, filtered and keyset-paginated. <paramref name="Q"/> searches name, e-mail,
/// phone and company (case-insensitive substring); <paramref name="Tag"/> matches regardless of case.
/// </summary>
public sealed record ListCustomersQuery(
    string? Q,
    string? Stage,
    string? Segment,
    string? Tag,
    Guid? OwnerId,
    DateTimeOffset? UpdatedSince,
    string? Sort,
    int? Limit,
    string? Cursor) : IQuery<Page<CustomerDto>>, ICustomerListFilterQuery;

/// <summary>The sort orders of the customer list; the key is the API's <c>sort</c> value.</summary>
public static class CustomerSorts
{
    public const string Default = "-createdAt";

    public static IReadOnlyList<string> All { get; } = ["-createdAt", "createdAt", "name", "-name", "updatedAt", "-updatedAt"];
}

/// <summary>Where a page ended: the sort key of its last item and that item's id.</summary>
internal sealed record CustomerCursor(string Sort, string Filter, DateTimeOffset? At, string? Name, Guid Id);

public sealed class ListCustomersHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors)
    : IQueryHandler<ListCustomersQuery, Page<CustomerDto>>
{
    public async ValueTask<Page<CustomerDto>> Handle(ListCustomersQuery query, CancellationToken cancellationToken)
    {
        var sort = query.Sort ?? CustomerSorts.Default;
        var limit = query.Limit ?? PageLimits.Default;
        var filter = FilterFingerprint(query);

        var customers = await new CustomerListFilter(query.Q, query.Stage, query.Segment, query.Tag, query.OwnerId, query.UpdatedSince)
            .ApplyAsync(db, cancellationToken);

        if (query.Cursor is not null)
        {
            if (!cursors.TryDecode<CustomerCursor>(query.Cursor, out var cursor) || cursor is null || cursor.Sort != sort || cursor.Filter != filter
                || (ByName(sort) ? cursor.Name is null : cursor.At is null))
            {
                throw Keyset.InvalidCursor();
            }

            customers = After(customers, sort, cursor);
        }

        var rows = await CustomerListFilter.Order(customers, sort).Take(limit + 1).ToListAsync(cancellationToken);
        var items = await db.WithRfmAsync(mapper.Map<List<CustomerDto>>(rows.Take(limit)), cancellationToken);
        string? next = null;
        if (rows.Count > limit)
        {
            var last = rows[limit - 1];
            next = cursors.Encode(new CustomerCursor(
                sort,
                filter,
                ByName(sort) ? null : (sort is "createdAt" or "-createdAt" ? last.CreatedAt : last.UpdatedAt),
                ByName(sort) ? last.Name : null,
                last.Id));
        }

        return new Page<CustomerDto>(items, next);
    }

    private static bool ByName(string sort) => sort is "name" or "-name";

    private static IQueryable<Customer> After(IQueryable<Customer> customers, string sort, CustomerCursor cursor)
    {
        var id = cursor.Id;
        var at = cursor.At.GetValueOrDefault();
        var name = cursor.Name ?? string.Empty;
        return sort switch
        {
            "createdAt" => customers.Where(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id.CompareTo(id) > 0)),
            "name" => customers.Where(c => string.Compare(c.Name, name) > 0 || (c.Name == name && c.Id.CompareTo(id) > 0)),
            "-name" => customers.Where(c => string.Compare(c.Name, name) < 0 || (c.Name == name && c.Id.CompareTo(id) < 0)),
            "updatedAt" => customers.Where(c => c.UpdatedAt > at || (c.UpdatedAt == at && c.Id.CompareTo(id) > 0)),
            "-updatedAt" => customers.Where(c => c.UpdatedAt < at || (c.UpdatedAt == at && c.Id.CompareTo(id) < 0)),
            _ => customers.Where(c => c.CreatedAt < at || (c.CreatedAt == at && c.Id.CompareTo(id) < 0)),
        };
    }

    /// <summary>A short hash of the filters, so a cursor is refused when the filters change.</summary>
    private static string FilterFingerprint(ListCustomersQuery query)
    {
        var text = string.Join(
            '\u001f',
            query.Q?.Trim().ToLowerInvariant(),
            query.Stage?.ToLowerInvariant(),
            query.Segment,
            query.Tag?.Trim().ToLowerInvariant(),
            query.OwnerId,
            query.UpdatedSince?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
    }
}

/// <summary>The lower-cased text that <c>q</c> searches, kept by the database as a generated column.</summary>
public static class CustomerSearch
{
    public const string ColumnProperty = "SearchText";
}
