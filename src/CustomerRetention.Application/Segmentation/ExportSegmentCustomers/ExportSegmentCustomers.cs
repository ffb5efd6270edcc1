using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Segmentation.ListSegmentCustomers;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.ExportSegmentCustomers;

/// <summary>Every customer of one segment in a run, highest monetary first (the segment list's order), as one stream for a CSV export.</summary>
public sealed record ExportSegmentCustomersQuery(string Segment, Guid? RunId) : IQuery<IAsyncEnumerable<SegmentCustomerDto>>;

public sealed class ExportSegmentCustomersValidator : AbstractValidator<ExportSegmentCustomersQuery>
{
    public ExportSegmentCustomersValidator() =>
        RuleFor(x => x.Segment).Must(RfmScoring.IsSegmentKey).WithMessage("A segment key is kebab-case, e.g. cant-lose-them.");
}

/// <summary>Resolves the run and the segment before returning (404/409 before any byte); the rows stream as the caller enumerates.</summary>
public sealed class ExportSegmentCustomersHandler(IApplicationDbContext db) : IQueryHandler<ExportSegmentCustomersQuery, IAsyncEnumerable<SegmentCustomerDto>>
{
    public async ValueTask<IAsyncEnumerable<SegmentCustomerDto>> Handle(ExportSegmentCustomersQuery query, CancellationToken cancellationToken)
    {
        var run = await SegmentCustomerRows.ResolveRunAsync(db, query.Segment, query.RunId, cancellationToken);
        var rows = await SegmentCustomerRows.QueryAsync(db, run, query.Segment, after: null, cancellationToken);
        return rows.AsAsyncEnumerable().Select(r => r.ToDto(query.Segment));
    }
}
