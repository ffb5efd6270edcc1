using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Customers.ListCustomers;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.Customers;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.ExportCustomers;

/// <summary>Every customer the list would page through with these filters and this sort, as one stream for a CSV export.</summary>
public sealed record ExportCustomersQuery(
    string? Q,
    string? Stage,
    string? Segment,
    string? Tag,
    Guid? OwnerId,
    DateTimeOffset? UpdatedSince,
    string? Sort) : IQuery<IAsyncEnumerable<CustomerExportRow>>, ICustomerListFilterQuery;

/// <summary>
/// One exported customer: the flat fields of <see cref="CustomerDto"/> and its segment in the latest succeeded RFM run.
/// The stage is already in its JSON spelling, so the Api's Customers module needs nothing of the Lifecycle module.
/// </summary>
public sealed record CustomerExportRow(
    Guid Id,
    string? ExternalId,
    CustomerType Type,
    string Name,
    string? Company,
    string? Email,
    string? Phone,
    string LifecycleStage,
    DateTimeOffset StageEnteredAt,
    Guid? OwnerId,
    IReadOnlyList<string> Tags,
    string? Segment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed class ExportCustomersValidator : AbstractValidator<ExportCustomersQuery>
{
    public ExportCustomersValidator() => Include(new CustomerListFilterValidator());
}

/// <summary>
/// Builds the filtered, ordered query before returning, so a bad filter (an unknown segment) fails
/// before the first byte; the rows are read one by one as the caller enumerates, never all at once.
/// </summary>
public sealed class ExportCustomersHandler(IApplicationDbContext db) : IQueryHandler<ExportCustomersQuery, IAsyncEnumerable<CustomerExportRow>>
{
    public async ValueTask<IAsyncEnumerable<CustomerExportRow>> Handle(ExportCustomersQuery query, CancellationToken cancellationToken)
    {
        var customers = await new CustomerListFilter(query.Q, query.Stage, query.Segment, query.Tag, query.OwnerId, query.UpdatedSince)
            .ApplyAsync(db, cancellationToken);
        var segments = await db.LatestRfmSegmentsAsync(cancellationToken);
        return CustomerListFilter.Order(customers, query.Sort ?? CustomerSorts.Default)
            .Select(c => new CustomerExportRow(
                c.Id,
                c.ExternalId,
                c.Type,
                c.Name,
                c.Company,
                c.Email,
                c.Phone,
                ApiJson.EnumValue(c.LifecycleStage),
                c.StageEnteredAt,
                c.OwnerId,
                c.Tags,
                segments.Where(s => s.CustomerId == c.Id).Select(s => s.Segment).FirstOrDefault(),
                c.CreatedAt,
                c.UpdatedAt))
            .AsAsyncEnumerable();
    }
}
