using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.BuildingBlocks.Jobs;

namespace CustomerRetention.Domain.Segmentation;

/// <summary>
/// One RFM run (SPEC §7): a recorded job with its parameters, the breakpoints and segment map it
/// actually used, counts and timings. Its results are kept per customer.
/// </summary>
public sealed class RfmRun : AggregateRoot
{
    private RfmRun()
    {
    }

    public Guid Id { get; private set; }

    public JobStatus Status { get; private set; }

    public DateTimeOffset AsOf { get; private set; }

    public int? WindowDays { get; private set; }

    public RfmPolicy Policy { get; private set; }

    /// <summary>
    /// The breakpoints the run uses: those of the request for <see cref="RfmPolicy.Fixed"/>, the
    /// computed percentiles for <see cref="RfmPolicy.Quantile"/> once the run has run.
    /// </summary>
    public RfmBreakpoints? Breakpoints { get; private set; }

    /// <summary>The segment map the run used, copied when it started.</summary>
    public IReadOnlyList<SegmentCell>? SegmentMap { get; private set; }

    public int? ScoredCustomers { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Which API instance ran it.</summary>
    public string? ClaimedBy { get; private set; }

    public static RfmRun Queue(DateTimeOffset asOf, int? windowDays, RfmPolicy policy, RfmBreakpoints? breakpoints, DateTimeOffset now)
    {
        if (asOf > now)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), "A run cannot look at the future.");
        }

        if (windowDays is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowDays), "The window is a positive number of days.");
        }

        if ((policy == RfmPolicy.Fixed) != (breakpoints is not null))
        {
            throw new ArgumentException("Breakpoints go with the fixed policy, and only with it.", nameof(breakpoints));
        }

        var run = new RfmRun
        {
            Id = Guid.CreateVersion7(now),
            Status = JobStatus.Queued,
            AsOf = asOf,
            WindowDays = windowDays,
            Policy = policy,
            Breakpoints = breakpoints,
            CreatedAt = now,
        };
        run.Raise(new RfmRunRequested(run, now));
        return run;
    }
}
