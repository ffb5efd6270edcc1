using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.GetRfmMigrations;

/// <summary>
/// How customers moved between segments from one run to another ("how many Champions became At
/// Risk"); <c>from</c>/<c>to</c> are null for customers not scored in that run. Defaults: the
/// latest succeeded run and the succeeded run before it.
/// </summary>
public sealed record GetRfmMigrationsQuery(Guid? FromRunId, Guid? ToRunId) : IQuery<RfmMigrationsDto>;

public sealed class GetRfmMigrationsHandler(IApplicationDbContext db) : IQueryHandler<GetRfmMigrationsQuery, RfmMigrationsDto>
{
    public async ValueTask<RfmMigrationsDto> Handle(GetRfmMigrationsQuery query, CancellationToken cancellationToken)
    {
        var to = await db.ResolveAsync(query.ToRunId, cancellationToken);
        RfmRun from;
        if (query.FromRunId is { } fromId)
        {
            from = await db.ResolveAsync(fromId, cancellationToken);
        }
        else
        {
            from = await db.RfmRuns.AsNoTracking()
                .Where(r => r.Status == JobStatus.Succeeded && r.Id != to.Id && (r.CreatedAt < to.CreatedAt || (r.CreatedAt == to.CreatedAt && r.Id.CompareTo(to.Id) < 0)))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"There is no succeeded RFM run before {to.Id} to compare with; pass fromRunId.");
        }

        var before = db.RfmResults.Where(r => r.RunId == from.Id).Select(r => new { r.CustomerId, From = (string?)r.Segment.Key, To = (string?)null });
        var after = db.RfmResults.Where(r => r.RunId == to.Id).Select(r => new { r.CustomerId, From = (string?)null, To = (string?)r.Segment.Key });
        var cells = await before.Concat(after)
            .GroupBy(x => x.CustomerId)
            .Select(g => new { From = g.Max(x => x.From), To = g.Max(x => x.To) })
            .GroupBy(x => new { x.From, x.To })
            .Select(g => new MigrationCellDto(g.Key.From, g.Key.To, g.Count()))
            .ToListAsync(cancellationToken);
        return new RfmMigrationsDto(
            from.Id,
            to.Id,
            cells.OrderByDescending(c => c.Customers).ThenBy(c => c.From, StringComparer.Ordinal).ThenBy(c => c.To, StringComparer.Ordinal).ToList());
    }
}
