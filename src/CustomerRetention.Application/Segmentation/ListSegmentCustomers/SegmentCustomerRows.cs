using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.ListSegmentCustomers;

/// <summary>One customer of a segment with the scores it has there and its monetary value in cents (the keyset key).</summary>
internal sealed record SegmentCustomerRow(Guid Id, string Name, int RecencyDays, int Frequency, long MonetaryCents, short R, short F, short M)
{
    public SegmentCustomerDto ToDto(string segment) =>
        new(Id, Name, RecencyDays, Frequency, RfmResult.ToAmount(MonetaryCents), R, F, M, segment);
}

/// <summary>
/// The customers of one segment of a run, highest monetary first: the query the segment list pages
/// and the CSV export streams, so both hold the same rows in the same order. Owner scoping comes with
/// the join on the customers (their query filter).
/// </summary>
internal static class SegmentCustomerRows
{
    /// <summary>The run (the latest succeeded one unless <paramref name="runId"/>); a 404 when the segment is not in its map.</summary>
    public static async Task<RfmRun> ResolveRunAsync(IApplicationDbContext db, string segment, Guid? runId, CancellationToken cancellationToken)
    {
        var run = await db.ResolveAsync(runId, cancellationToken);
        if (run.SegmentMap is { } map && map.All(c => c.Segment != segment))
        {
            throw new NotFoundException($"Segment '{segment}' is not in the segment map of run {run.Id}.");
        }

        return run;
    }

    /// <summary>The rows after <paramref name="after"/> (monetary cents, customer id), or from the start.</summary>
    public static async Task<IQueryable<SegmentCustomerRow>> QueryAsync(
        IApplicationDbContext db, RfmRun run, string segment, (long MonetaryCents, Guid CustomerId)? after, CancellationToken cancellationToken)
    {
        // The segment's id, looked up first so that the query walks the run's
        // (segment_id, monetary_cents DESC, customer_id) index.
        var segmentId = await db.RfmSegments.Where(s => s.Key == segment).Select(s => (short?)s.Id).FirstOrDefaultAsync(cancellationToken);
        var results = db.RfmResults.AsNoTracking().Where(r => r.RunId == run.Id && r.SegmentId == segmentId);
        if (after is var (cents, id))
        {
            results = results.Where(r => r.MonetaryCents < cents || (r.MonetaryCents == cents && r.CustomerId.CompareTo(id) > 0));
        }

        return results
            .OrderByDescending(r => r.MonetaryCents).ThenBy(r => r.CustomerId)
            .Join(db.Customers, r => r.CustomerId, c => c.Id, (r, c) => new SegmentCustomerRow(c.Id, c.Name, r.RecencyDays, r.Frequency, r.MonetaryCents, r.R, r.F, r.M));
    }
}
