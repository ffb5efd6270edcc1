using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>A follow-up run as the API returns it.</summary>
public sealed record FollowUpRunDto
{
    public Guid Id { get; init; }

    /// <summary>queued, running, succeeded or failed.</summary>
    public JobStatus Status { get; init; }

    /// <summary>The local date the run evaluated the policies for.</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>The deployment time zone (Crm:TimeZone) its local dates are in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>What each policy did; null until the run succeeded.</summary>
    public FollowUpRunResults? Results { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public static FollowUpRunDto Of(FollowUpRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new FollowUpRunDto
        {
            Id = run.Id, Status = run.Status, AsOf = run.AsOf, TimeZone = run.TimeZone,
            Results = run.Results is null ? null : JsonSerializer.Deserialize<FollowUpRunResults>(run.Results, ApiJson.Options),
            CreatedAt = run.CreatedAt, StartedAt = run.StartedAt, FinishedAt = run.FinishedAt, Error = run.Error,
        };
    }
}

/// <summary>The counts of a run, per policy.</summary>
public sealed record FollowUpRunResults(IReadOnlyList<CadenceRunCounts> Cadence, ReminderRunCounts Birthday, PostPurchaseRunCounts PostPurchase);

/// <summary>
/// What one enabled cadence policy did: customers in scope with a cadence (a tier with an
/// interval), open tasks created, re-dated (the due date changed, e.g. a tier change) and
/// cancelled (the customer left the scope or its tier has no cadence).
/// </summary>
public sealed record CadenceRunCounts(Guid PolicyId, string Name, int Version, long InScope, long Created, long Redated, long Cancelled);

/// <summary>What the birthday policy did: whether it was enabled, its version and the tasks created (<see cref="Cancelled"/> is always 0).</summary>
public sealed record ReminderRunCounts(bool Enabled, int Version, long Created, long Cancelled);

/// <summary>
/// What the post-purchase policy did: whether it was enabled, its version and action; the tasks
/// created (action task) and the open ones cancelled because their order is now cancelled or
/// refunded; the survey sends recorded sent and throttled (action survey-send; a throttled send
/// handles its order for good); and the due orders without a reminder yet that this run skipped.
/// </summary>
public sealed record PostPurchaseRunCounts(
    bool Enabled, int Version, PostPurchaseAction? Action, long Created, long Cancelled, long SurveysSent, long SurveysThrottled, PostPurchaseSkipCounts? Skipped);

/// <summary>
/// The due orders a post-purchase run skipped, by reason (each order counted once, under the
/// first that applies): its order is cancelled or refunded (skipIf), its customer has a case that
/// is not solved or closed (skipIf open-case), or the policy's survey cannot send (archived, a
/// draft, deleted). Skipped orders get nothing and are looked at again by the next run while due.
/// </summary>
public sealed record PostPurchaseSkipCounts(long OrderCancelled, long OrderRefunded, long OpenCase, long SurveyUnavailable);
