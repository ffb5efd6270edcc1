using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.BuildingBlocks.Jobs;

namespace CustomerRetention.Domain.FollowUps;

/// <summary>
/// One follow-up run (SPEC §9.2): a job that evaluates the enabled cadence, birthday and
/// post-purchase policies over all customers for <see cref="AsOf"/> (a local date), set-based in
/// the database, and records what each policy did in <see cref="Results"/> (JSON).
/// </summary>
public sealed class FollowUpRun : AggregateRoot
{
    public const string ResourceType = "follow-up-run";

    private FollowUpRun()
    {
    }

    public Guid Id { get; private set; }

    public JobStatus Status { get; private set; }

    public DateOnly AsOf { get; private set; }

    /// <summary>The deployment time zone the run read local dates in.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>Counts per policy as JSON, written when the run succeeds.</summary>
    public string? Results { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? ClaimedBy { get; private set; }

    public static FollowUpRun Queue(DateOnly asOf, string timeZone, DateTimeOffset now)
    {
        var run = new FollowUpRun { Id = Guid.CreateVersion7(now), Status = JobStatus.Queued, AsOf = asOf, TimeZone = timeZone, CreatedAt = now };
        run.Raise(new FollowUpRunRequested(run, now));
        return run;
    }
}

/// <summary><c>followups.run-requested</c>: a follow-up run was queued.</summary>
public sealed record FollowUpRunRequested(FollowUpRun Run, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "followups.run-requested";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(FollowUpRun.ResourceType, Run.Id);
}

/// <summary><c>followups.run-succeeded</c>: a follow-up run evaluated every policy; its counts are readable.</summary>
public sealed record FollowUpRunSucceeded(Guid RunId, string Results, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "followups.run-succeeded";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(FollowUpRun.ResourceType, RunId);
}

/// <summary><c>followups.run-failed</c>: a follow-up run ended without creating anything, with the reason.</summary>
public sealed record FollowUpRunFailed(Guid RunId, string Error, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "followups.run-failed";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(FollowUpRun.ResourceType, RunId);
}
