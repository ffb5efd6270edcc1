using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Domain.FollowUps;

/// <summary>What a client may set on a task: exactly one of <see cref="DueDate"/> (a local date) and <see cref="DueAt"/> (an instant).</summary>
public sealed record TaskDetails(
    TaskType Type,
    string Subject,
    string? Note,
    TaskPriority Priority,
    DateOnly? DueDate,
    DateTimeOffset? DueAt,
    Guid? OwnerId);

/// <summary>
/// Work for a person about a customer (SPEC §9.2). Named <c>FollowUpTask</c>, not <c>Task</c>,
/// so it never clashes with <see cref="System.Threading.Tasks.Task"/>. <see cref="DueOn"/> is the
/// local date the task is due (its <see cref="DueDate"/>, or the local date of its
/// <see cref="DueAt"/> in the deployment time zone): timing, filters and the list order use it.
/// </summary>
public sealed class FollowUpTask : AggregateRoot
{
    public const string ResourceType = "task";

    /// <summary>The stable code of a change to a task that is no longer open.</summary>
    public const string NotOpenCode = "task-not-open";

    private FollowUpTask()
    {
        Subject = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public TaskType Type { get; private set; }

    public string Subject { get; private set; }

    public string? Note { get; private set; }

    public TaskPriority Priority { get; private set; }

    public FollowUpStatus Status { get; private set; }

    public DateOnly? DueDate { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    public DateOnly DueOn { get; private set; }

    public Guid? OwnerId { get; private set; }

    public TaskSource Source { get; private set; }

    public string? SourceRef { get; private set; }

    /// <summary>Why a policy created the task (policy, version, inputs, asOf); null for manual tasks.</summary>
    public string? Reason { get; private set; }

    /// <summary>At most one open task per key (a partial unique index); null for manual tasks.</summary>
    public string? DedupeKey { get; private set; }

    public TaskOutcome? Outcome { get; private set; }

    public string? CompletionNote { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string? CompletedBy { get; private set; }

    /// <summary>The interaction the completion recorded, or the touch that completed a cadence task.</summary>
    public Guid? InteractionId { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelledBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    /// <summary>A task a person creates (<c>source</c> manual).</summary>
    public static FollowUpTask Create(Guid customerId, TaskDetails details, DateOnly dueOn, DateTimeOffset now)
    {
        var task = new FollowUpTask
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            Status = FollowUpStatus.Open,
            Source = TaskSource.Manual,
            CreatedAt = now,
        };
        task.Apply(details, dueOn, now);
        task.Raise(new TaskCreated(task, now));
        return task;
    }

    /// <summary>
    /// The call that checks a solved case left the customer satisfied (SPEC §9.3): source
    /// <c>case</c>, one per case and solve (<paramref name="dedupeKey"/>), due on <paramref name="dueOn"/>.
    /// </summary>
    public static FollowUpTask ForSolvedCase(Guid customerId, Guid caseId, string subject, string reason, string dedupeKey, Guid? ownerId, DateOnly dueOn, DateTimeOffset now)
    {
        var task = new FollowUpTask
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            Status = FollowUpStatus.Open,
            Source = TaskSource.Case,
            SourceRef = caseId.ToString(),
            Reason = reason,
            DedupeKey = dedupeKey,
            CreatedAt = now,
        };
        task.Apply(new TaskDetails(TaskType.Call, subject, null, TaskPriority.Normal, dueOn, null, ownerId), dueOn, now);
        task.Raise(new TaskCreated(task, now));
        return task;
    }

    public TaskDetails ToDetails() => new(Type, Subject, Note, Priority, DueDate, DueAt, OwnerId);

    public void Update(TaskDetails details, DateOnly dueOn, DateTimeOffset now)
    {
        EnsureOpen();
        var before = ToDetails();
        Apply(details, dueOn, now);
        var changes = new FieldChanges()
            .Compare("type", before.Type, details.Type)
            .Compare("subject", before.Subject, details.Subject)
            .Compare("note", before.Note, details.Note)
            .Compare("priority", before.Priority, details.Priority)
            .Compare("dueDate", before.DueDate, details.DueDate)
            .Compare("dueAt", before.DueAt, details.DueAt)
            .Compare("ownerId", before.OwnerId, details.OwnerId);
        if (changes.Any)
        {
            Raise(new TaskUpdated(this, changes.Names, changes.Previous, now));
        }
    }

    /// <summary>
    /// A person completes the task: it records an interaction with the pre-generated id
    /// <paramref name="interactionId"/> (the Interactions module writes it on <see cref="TaskCompleted"/>).
    /// </summary>
    public void Complete(TaskOutcome outcome, string? note, string actor, Guid interactionId, DateTimeOffset now)
    {
        EnsureOpen();
        Status = FollowUpStatus.Completed;
        Outcome = outcome;
        CompletionNote = note;
        CompletedAt = now;
        CompletedBy = actor;
        InteractionId = interactionId;
        UpdatedAt = now;
        Raise(new TaskCompleted(this, RecordsInteraction: true, now));
    }

    /// <summary>A qualifying touch completed the task (outcome <c>done</c>, by <c>system</c>); it records no interaction of its own.</summary>
    public void CompleteByTouch(Guid touchId, string systemActor, DateTimeOffset now)
    {
        EnsureOpen();
        Status = FollowUpStatus.Completed;
        Outcome = TaskOutcome.Done;
        CompletedAt = now;
        CompletedBy = systemActor;
        InteractionId = touchId;
        UpdatedAt = now;
        Raise(new TaskCompleted(this, RecordsInteraction: false, now));
    }

    public void Cancel(string actor, DateTimeOffset now)
    {
        EnsureOpen();
        Status = FollowUpStatus.Cancelled;
        CancelledAt = now;
        CancelledBy = actor;
        UpdatedAt = now;
        Raise(new TaskCancelled(this, now));
    }

    /// <summary>The channel of the interaction a completion records.</summary>
    public InteractionChannel InteractionChannel => Type switch
    {
        TaskType.Call => Interactions.InteractionChannel.Phone,
        TaskType.Email => Interactions.InteractionChannel.Email,
        TaskType.Sms => Interactions.InteractionChannel.Sms,
        TaskType.Wechat => Interactions.InteractionChannel.Wechat,
        TaskType.Meeting => Interactions.InteractionChannel.Meeting,
        TaskType.Visit => Interactions.InteractionChannel.Visit,
        _ => Interactions.InteractionChannel.Other,
    };

    /// <summary>The type of the interaction a completion records: call, message, meeting, visit or note.</summary>
    public InteractionType InteractionType => Type switch
    {
        TaskType.Call => Interactions.InteractionType.Call,
        TaskType.Email or TaskType.Sms or TaskType.Wechat => Interactions.InteractionType.Message,
        TaskType.Meeting => Interactions.InteractionType.Meeting,
        TaskType.Visit => Interactions.InteractionType.Visit,
        _ => Interactions.InteractionType.Note,
    };

    private void EnsureOpen()
    {
        if (Status != FollowUpStatus.Open)
        {
            throw new DomainException(
                NotOpenCode,
                $"The task is {Status.ToString().ToLowerInvariant()}: only open tasks can be changed, completed or cancelled.",
                new Dictionary<string, object?> { ["taskStatus"] = Status.ToString().ToLowerInvariant() });
        }
    }

    private void Apply(TaskDetails details, DateOnly dueOn, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if ((details.DueDate is null) == (details.DueAt is null))
        {
            throw new ArgumentException("A task is due on a date or at an instant: exactly one of the two.", nameof(details));
        }

        if (string.IsNullOrWhiteSpace(details.Subject))
        {
            throw new ArgumentException("A task needs a subject.", nameof(details));
        }

        Type = details.Type;
        Subject = details.Subject;
        Note = details.Note;
        Priority = details.Priority;
        DueDate = details.DueDate;
        DueAt = details.DueAt;
        DueOn = dueOn;
        OwnerId = details.OwnerId;
        UpdatedAt = now;
    }
}
