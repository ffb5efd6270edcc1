using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
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
