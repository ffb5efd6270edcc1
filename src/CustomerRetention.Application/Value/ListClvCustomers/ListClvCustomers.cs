using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Value;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Value.ListClvCustomers;

/// <summary>The orders of a model's customer list.</summary>
public static class ClvCustomerSort
{
    public const string PAliveAscending = "pAlive";
    public const string PAliveDescending = "-pAlive";
    public const string ClvDescending = "-clv";

    public static IReadOnlyList<string> All { get; } = [PAliveAscending, PAliveDescending, ClvDescending];
}

/// <summary>A model's per-customer predictions, keyset-paginated in the order <c>sort</c> (default -clv).</summary>
public sealed record ListClvCustomersQuery(Guid ModelId, string? Sort, int? Limit, string? Cursor) : IQuery<Page<ClvCustomerDto>>;

internal sealed record ClvCustomerCursor(string Scope, double PAlive, decimal Clv, Guid CustomerId);

public sealed class ListClvCustomersHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListClvCustomersQuery, Page<ClvCustomerDto>>
{
    public async ValueTask<Page<ClvCustomerDto>> Handle(ListClvCustomersQuery query, CancellationToken cancellationToken)
    {
        var model = await db.ClvModels.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.ModelId, cancellationToken)
            ?? throw new NotFoundException("CLV model", query.ModelId);
        if (model.Status != JobStatus.Succeeded)
        {
            var status = model.Status.ToString().ToLowerInvariant();
            throw new DomainException(
                "clv-model-not-succeeded",
                $"CLV model {model.Id} is {status}: only succeeded models have predictions.",
                new Dictionary<string, object?> { ["modelId"] = model.Id, ["modelStatus"] = status });
        }

        var sort = query.Sort ?? ClvCustomerSort.ClvDescending;
        var scope = $"clv-customers:{model.Id}:{sort}";
        ClvCustomerCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode<ClvCustomerCursor>(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        var rows = db.ClvPredictions.AsNoTracking().Where(p => p.ModelId == model.Id);
        IOrderedQueryable<ClvPrediction> ordered;
        switch (sort)
        {
            case ClvCustomerSort.PAliveAscending:
                if (after is not null)
                {
                    rows = rows.Where(p => p.PAlive > after.PAlive || (p.PAlive == after.PAlive && p.CustomerId.CompareTo(after.CustomerId) > 0));
                }

                ordered = rows.OrderBy(p => p.PAlive).ThenBy(p => p.CustomerId);
                break;
            case ClvCustomerSort.PAliveDescending:
                if (after is not null)
                {
                    rows = rows.Where(p => p.PAlive < after.PAlive || (p.PAlive == after.PAlive && p.CustomerId.CompareTo(after.CustomerId) < 0));
                }

                ordered = rows.OrderByDescending(p => p.PAlive).ThenByDescending(p => p.CustomerId);
                break;
            default:
                if (after is not null)
                {
                    rows = rows.Where(p => p.Clv < after.Clv || (p.Clv == after.Clv && p.CustomerId.CompareTo(after.CustomerId) > 0));
                }

                ordered = rows.OrderByDescending(p => p.Clv).ThenBy(p => p.CustomerId);
                break;
        }

        var limit = query.Limit ?? PageLimits.Default;
        var page = await ordered
            .Take(limit + 1)
            .Select(p => new ClvCustomerDto(p.CustomerId, p.Frequency, p.RecencyDays, p.AgeDays, p.PAlive, p.ExpectedPurchases, p.ExpectedAverageOrderValue, p.Clv, p.ChurnRisk))
            .ToListAsync(cancellationToken);
        return Keyset.Page(page, limit, p => p, p => cursors.Encode(new ClvCustomerCursor(scope, p.PAlive, p.Clv, p.CustomerId)));
    }
}
