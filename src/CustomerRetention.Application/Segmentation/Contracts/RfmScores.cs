using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.Contracts;

/// <summary>
/// What other modules read of RFM: the scores and segments of the latest succeeded run (the
/// <c>rfm</c> projection and the <c>segment</c> filter of the customer resources).
/// </summary>
internal static class RfmScores
{
    /// <summary>The keys of every segment a run can assign (alert rules check the segments they name against them).</summary>
    public static async Task<IReadOnlyList<string>> SegmentKeysAsync(this IApplicationDbContext db, CancellationToken cancellationToken) =>
        await db.RfmSegments.AsNoTracking().Select(s => s.Key).OrderBy(k => k).ToListAsync(cancellationToken);

    /// <summary>Whether <paramref name="segment"/> is a well-formed segment key.</summary>
    public static bool IsSegmentKey(string segment) => RfmScoring.IsSegmentKey(segment);

    /// <summary>The scores of these customers in the latest succeeded run; customers without one (or no run succeeded yet) are missing.</summary>
    public static async Task<IReadOnlyDictionary<Guid, RfmScoreDto>> LatestRfmScoresAsync(this IApplicationDbContext db, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var run = await db.LatestSucceededAsync(cancellationToken);
        if (run is null || customerIds.Count == 0)
        {
            return new Dictionary<Guid, RfmScoreDto>();
        }

        var ids = customerIds.ToList();
        var scores = await db.RfmResults.AsNoTracking()
            .Where(r => r.RunId == run.Id && ids.Contains(r.CustomerId))
            .Select(r => new { r.CustomerId, r.RecencyDays, r.Frequency, r.MonetaryCents, r.R, r.F, r.M, Segment = r.Segment.Key })
            .ToListAsync(cancellationToken);
        return scores.ToDictionary(
            r => r.CustomerId,
            r => new RfmScoreDto(run.Id, run.AsOf, r.RecencyDays, r.Frequency, RfmResult.ToAmount(r.MonetaryCents), r.R, r.F, r.M, r.Segment));
    }

    /// <summary>
    /// The ids of the customers in <paramref name="segment"/> of the latest succeeded run (none
    /// when no run succeeded yet); a validation failure of <c>segment</c> when it is not a segment
    /// of that run, or of the segment map when no run succeeded yet.
    /// </summary>
    public static async Task<IQueryable<Guid>> CustomersInLatestRfmSegmentAsync(this IApplicationDbContext db, string segment, CancellationToken cancellationToken)
    {
        var run = await db.LatestSucceededAsync(cancellationToken);
        var runId = run?.Id ?? Guid.Empty;
        var known = run?.SegmentMap?.Select(c => c.Segment).ToList()
            ?? await db.SegmentMap.AsNoTracking().Select(c => c.Segment).ToListAsync(cancellationToken);
        if (!known.Contains(segment, StringComparer.Ordinal))
        {
            var keys = string.Join(", ", known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            throw new ValidationException([new ValidationFailure("segment", $"'{segment}' is not a segment of the {(run is null ? "segment map" : "latest RFM run")}. Known: {keys}.")]);
        }

        return db.RfmResults.Where(r => r.RunId == runId && r.Segment.Key == segment).Select(r => r.CustomerId);
    }

    /// <summary>
    /// The segment of every customer scored in the latest succeeded run (empty when none succeeded yet), as a query
    /// to correlate in another query, so a streamed export reads each customer's segment in the same statement.
    /// </summary>
    public static async Task<IQueryable<LatestRfmSegment>> LatestRfmSegmentsAsync(this IApplicationDbContext db, CancellationToken cancellationToken)
    {
        var runId = (await db.LatestSucceededAsync(cancellationToken))?.Id ?? Guid.Empty;
        return db.RfmResults.Where(r => r.RunId == runId).Select(r => new LatestRfmSegment { CustomerId = r.CustomerId, Segment = r.Segment.Key });
    }
}

/// <summary>A customer's segment in the latest succeeded run (settable members, so EF can filter on them inside another query).</summary>
internal sealed class LatestRfmSegment
{
    public Guid CustomerId { get; init; }

    public string Segment { get; init; } = string.Empty;
}
