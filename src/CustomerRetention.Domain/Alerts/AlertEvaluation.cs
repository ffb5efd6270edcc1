using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.BuildingBlocks.Jobs;

namespace CustomerRetention.Domain.Alerts;

/// <summary>Why an evaluation ran.</summary>
public enum EvaluationTrigger
{
    /// <summary><c>POST /api/v1/alert-rules/{id}/evaluations</c>.</summary>
    Request = 1,

    /// <summary>The daily schedule.</summary>
    Schedule = 2,

    /// <summary>An RFM run succeeded (<c>segment-entered</c>).</summary>
    RfmRun = 3,
}

/// <summary>
/// One evaluation of a rule version at an <c>asOf</c> (a job): the figures it recorded (customers
/// evaluated, not evaluable by reason, fired, updated, suppressed, auto-resolved). One
/// non-failed evaluation exists per (rule, version, asOf): a partial unique index, so a second
/// request, a second instance or a retry creates nothing new.
/// </summary>
public sealed class AlertEvaluation : AggregateRoot
{
    public const string ResourceType = "alert-evaluation";

    private AlertEvaluation()
    {
    }

    public Guid Id { get; private set; }

    public Guid RuleId { get; private set; }

    public int RuleVersion { get; private set; }

    public DateTimeOffset AsOf { get; private set; }

    public EvaluationTrigger Trigger { get; private set; }

    /// <summary>For <c>segment-entered</c>: the RFM run evaluated (null: the latest succeeded run at or before asOf).</summary>
    public Guid? RfmRunId { get; private set; }

    public JobStatus Status { get; private set; }

    /// <summary>The figures as JSON once succeeded.</summary>
    public string? Figures { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? ClaimedBy { get; private set; }

    public static AlertEvaluation Queue(AlertRule rule, DateTimeOffset asOf, EvaluationTrigger trigger, Guid? rfmRunId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var evaluation = new AlertEvaluation
        {
            Id = Guid.CreateVersion7(now),
            RuleId = rule.Id,
            RuleVersion = rule.Version,
            AsOf = asOf,
            Trigger = trigger,
            RfmRunId = rfmRunId,
            Status = JobStatus.Queued,
            CreatedAt = now,
        };
        evaluation.Raise(new AlertEvaluationRequested(evaluation, now));
        return evaluation;
    }
}
