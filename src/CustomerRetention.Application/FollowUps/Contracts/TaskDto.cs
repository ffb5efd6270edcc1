using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps.Contracts;

/// <summary>A task as the API returns it (SPEC §9.2).</summary>
public sealed record TaskDto
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>call, email, sms, wechat, meeting, visit or todo.</summary>
    public TaskType Type { get; init; }

    public required string Subject { get; init; }

    public string? Note { get; init; }

    /// <summary>low, normal or high.</summary>
    public TaskPriority Priority { get; init; }

    /// <summary>open, completed or cancelled.</summary>
    public FollowUpStatus Status { get; init; }

    /// <summary>The local date the task is due (null when it is due at an instant).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The instant the task is due (null when it is due on a date).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>An open task's due date against today in the deployment time zone (Crm:TimeZone): overdue, due-today or planned; null once completed or cancelled.</summary>
    public TaskTiming? Timing { get; init; }

    /// <summary>Who is to do it (default: the customer's owner).</summary>
    public Guid? OwnerId { get; init; }

    /// <summary>manual, cadence, birthday, post-purchase, alert, case or automation.</summary>
    public TaskSource Source { get; init; }

    /// <summary>What created it: the cadence policy's or the order's id (null for manual tasks and birthdays).</summary>
    public string? SourceRef { get; init; }

    /// <summary>Why a policy created it: the policy and its version, the inputs and the run's asOf.</summary>
    public string? Reason { get; init; }

    /// <summary>The key that allows one open task per policy and customer (or order, or birthday year); null for manual tasks.</summary>
    public string? DedupeKey { get; init; }

    /// <summary>reached, no-answer, left-message, not-interested, call-back-later or done; set on completion.</summary>
    public TaskOutcome? Outcome { get; init; }

    public string? CompletionNote { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Who completed it: <c>user:&lt;sub&gt;</c>, or <c>system</c> when a qualifying touch did.</summary>
    public string? CompletedBy { get; init; }

    /// <summary>The interaction the completion recorded (or the touch that completed a cadence task).</summary>
    public Guid? InteractionId { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public string? CancelledBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(Version);

    [JsonIgnore]
    public uint Version { get; init; }
}

/// <summary>A task's derived <c>timing</c>, shared by the reads, the lists and the timeline.</summary>
internal static class TaskTimingRule
{
    /// <summary>overdue, due-today or planned for an open task due on <paramref name="dueOn"/>; null for a closed one.</summary>
    public static TaskTiming? Of(FollowUpStatus status, DateOnly dueOn, DateOnly today) =>
        status != FollowUpStatus.Open ? null
        : dueOn < today ? TaskTiming.Overdue
        : dueOn == today ? TaskTiming.DueToday
        : TaskTiming.Planned;
}
