using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation;

/// <summary>Which run results are read from: the one asked for, or the latest succeeded run.</summary>
internal static class RunSelection
{
    /// <summary>The latest succeeded run (most recently requested), or null when none succeeded yet.</summary>
    public static Task<RfmRun?> LatestSucceededAsync(this IApplicationDbContext db, CancellationToken cancellationToken) =>
        db.RfmRuns.AsNoTracking()
            .Where(r => r.Status == JobStatus.Succeeded)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The run to read: <paramref name="runId"/> (404 unless it exists, 409 unless it succeeded) or the latest succeeded one (404 if none).</summary>
    public static async Task<RfmRun> ResolveAsync(this IApplicationDbContext db, Guid? runId, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            return await db.LatestSucceededAsync(cancellationToken)
                ?? throw new NotFoundException("No RFM run has succeeded yet: start one with POST /api/v1/rfm/runs.");
        }

        var run = await db.RfmRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new NotFoundException("RFM run", runId);
        return run.Status == JobStatus.Succeeded
            ? run
            : throw new Domain.BuildingBlocks.DomainException(
                "rfm-run-not-succeeded",
                $"RFM run {run.Id} is {run.Status.ToString().ToLowerInvariant()}: only succeeded runs have results.",
                new Dictionary<string, object?> { ["runId"] = run.Id, ["runStatus"] = run.Status.ToString().ToLowerInvariant() });
    }
}

/// <summary>Per-segment counts, revenue and averages of one run (SPEC §7).</summary>
public sealed record GetSegmentsQuery(Guid? RunId) : IQuery<SegmentsDto>;

public sealed class GetSegmentsHandler(IApplicationDbContext db) : IQueryHandler<GetSegmentsQuery, SegmentsDto>
{
    public async ValueTask<SegmentsDto> Handle(GetSegmentsQuery query, CancellationToken cancellationToken)
    {
        var run = await db.ResolveAsync(query.RunId, cancellationToken);
        var stats = await db.RfmResults.AsNoTracking()
            .Where(r => r.RunId == run.Id)
            .GroupBy(r => r.Segment.Key)
            .Select(g => new
            {
                Segment = g.Key,
                Customers = g.Count(),
                RevenueCents = g.Sum(r => r.MonetaryCents),
                AvgRecency = g.Average(r => (double)r.RecencyDays),
                AvgFrequency = g.Average(r => (double)r.Frequency),
            })
            .ToListAsync(cancellationToken);

        var total = stats.Sum(s => s.Customers);
        var revenue = RfmResult.ToAmount(stats.Sum(s => s.RevenueCents));
        var bySegment = stats.ToDictionary(s => s.Segment, StringComparer.Ordinal);
        var order = (run.SegmentMap ?? RfmScoring.DefaultSegmentMap).Select(c => c.Segment).Distinct(StringComparer.Ordinal);
        var segments = order.Select(segment => bySegment.TryGetValue(segment, out var s)
                ? new SegmentSummaryDto(
                    segment,
                    s.Customers,
                    Ratio(s.Customers, total),
                    RfmResult.ToAmount(s.RevenueCents),
                    revenue == 0 ? 0 : (double)(RfmResult.ToAmount(s.RevenueCents) / revenue),
                    s.AvgRecency,
                    s.AvgFrequency,
                    RfmResult.ToAmount((long)decimal.Round((decimal)s.RevenueCents / s.Customers))) // to the cent
                : new SegmentSummaryDto(segment, 0, 0, 0, 0, null, null, null))
            .OrderByDescending(s => s.Customers).ThenBy(s => s.Segment, StringComparer.Ordinal)
            .ToList();
        return new SegmentsDto(run.Id, run.AsOf, total, segments);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

/// <summary>The customers of one segment in a run, highest monetary first, keyset-paginated.</summary>
public sealed record ListSegmentCustomersQuery(string Segment, Guid? RunId, int? Limit, string? Cursor) : IQuery<Page<SegmentCustomerDto>>;

public sealed class ListSegmentCustomersValidator : AbstractValidator<ListSegmentCustomersQuery>
{
    public ListSegmentCustomersValidator()
    {
        Include(new PageRequestValidator<ListSegmentCustomersQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Segment).Must(RfmScoring.IsSegmentKey).WithMessage("A segment key is kebab-case, e.g. cant-lose-them.");
    }
}

internal sealed record SegmentCursor(string Scope, long MonetaryCents, Guid CustomerId);

public sealed class ListSegmentCustomersHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListSegmentCustomersQuery, Page<SegmentCustomerDto>>
{
    public async ValueTask<Page<SegmentCustomerDto>> Handle(ListSegmentCustomersQuery query, CancellationToken cancellationToken)
    {
        var run = await db.ResolveAsync(query.RunId, cancellationToken);
        if (run.SegmentMap is { } map && map.All(c => c.Segment != query.Segment))
        {
            throw new NotFoundException($"Segment '{query.Segment}' is not in the segment map of run {run.Id}.");
        }

        var scope = $"segment:{run.Id}:{query.Segment}";
        SegmentCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        // The segment's id, looked up first so that the page walks the run's
        // (segment_id, monetary_cents DESC, customer_id) index.
        var segmentId = await db.RfmSegments.Where(s => s.Key == query.Segment).Select(s => (short?)s.Id).FirstOrDefaultAsync(cancellationToken);
        var results = db.RfmResults.AsNoTracking().Where(r => r.RunId == run.Id && r.SegmentId == segmentId);
        if (after is not null)
        {
            results = results.Where(r => r.MonetaryCents < after.MonetaryCents || (r.MonetaryCents == after.MonetaryCents && r.CustomerId.CompareTo(after.CustomerId) > 0));
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await results
            .OrderByDescending(r => r.MonetaryCents).ThenBy(r => r.CustomerId)
            .Join(db.Customers, r => r.CustomerId, c => c.Id, (r, c) => new { c.Id, c.Name, r.RecencyDays, r.Frequency, r.MonetaryCents, r.R, r.F, r.M })
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        return Keyset.Page(
            rows,
            limit,
            r => new SegmentCustomerDto(r.Id, r.Name, r.RecencyDays, r.Frequency, RfmResult.ToAmount(r.MonetaryCents), r.R, r.F, r.M, query.Segment),
            r => cursors.Encode(new SegmentCursor(scope, r.MonetaryCents, r.Id)));
    }
}

/// <summary>A customer's RFM: the latest succeeded run's scores and the history over all succeeded runs.</summary>
public sealed record GetCustomerRfmQuery(Guid CustomerId) : IQuery<CustomerRfmDto>;

public sealed class GetCustomerRfmHandler(IApplicationDbContext db) : IQueryHandler<GetCustomerRfmQuery, CustomerRfmDto>
{
    public async ValueTask<CustomerRfmDto> Handle(GetCustomerRfmQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);
        var latest = await db.LatestSucceededAsync(cancellationToken);
        var history = await db.RfmResults.AsNoTracking()
            .Where(r => r.CustomerId == query.CustomerId)
            .Join(db.RfmRuns.Where(run => run.Status == JobStatus.Succeeded), r => r.RunId, run => run.Id, (r, run) => new { r, run.AsOf, run.CreatedAt })
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.r.RunId)
            .Select(x => new RfmScoreDto(x.r.RunId, x.AsOf, x.r.RecencyDays, x.r.Frequency, RfmResult.ToAmount(x.r.MonetaryCents), x.r.R, x.r.F, x.r.M, x.r.Segment.Key))
            .ToListAsync(cancellationToken);
        return new CustomerRfmDto(history.FirstOrDefault(h => h.RunId == latest?.Id), history);
    }
}

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
