using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Domain.FollowUps;

/// <summary><c>task.created</c>: a task was created, by a person or by a follow-up run.</summary>
public sealed record TaskCreated(FollowUpTask Task, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "task.created";

    public string Type => EventType;

    public Guid? CustomerId => Task.CustomerId;

    public ResourceRef Resource => new(FollowUpTask.ResourceType, Task.Id);
}

/// <summary><c>task.updated</c>: fields of an open task changed (named in <see cref="ChangedFields"/>, old values in <see cref="Previous"/>).</summary>
public sealed record TaskUpdated(FollowUpTask Task, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "task.updated";

    public string Type => EventType;

    public Guid? CustomerId => Task.CustomerId;

    public ResourceRef Resource => new(FollowUpTask.ResourceType, Task.Id);
}

/// <summary>
/// <c>task.completed</c>: a task was completed. When a person completed it
/// (<see cref="RecordsInteraction"/>), the Interactions module records the touch under
/// <see cref="InteractionId"/> in the same unit of work; the members below are all it needs, so it
/// never reads the task itself.
/// </summary>
public sealed record TaskCompleted(FollowUpTask Task, bool RecordsInteraction, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "task.completed";

    public string Type => EventType;

    public Guid? CustomerId => Task.CustomerId;

    public ResourceRef Resource => new(FollowUpTask.ResourceType, Task.Id);

    /// <summary>The customer the interaction is about.</summary>
    public Guid TaskCustomerId => Task.CustomerId;

    /// <summary>The id the recorded interaction takes (or the touch that completed a cadence task).</summary>
    public Guid InteractionId => Task.InteractionId!.Value;

    public InteractionChannel Channel => Task.InteractionChannel;

    public InteractionType InteractionType => Task.InteractionType;

    /// <summary>The outcome as the API spells it (<c>left-message</c>), carried over to the interaction.</summary>
    public string OutcomeText => FollowUpNames.Of(Task.Outcome!.Value);

    public string Subject => Task.Subject;

    /// <summary>The completion's note, else the task's note.</summary>
    public string? Notes => Task.CompletionNote ?? Task.Note;

    public Guid? OwnerId => Task.OwnerId;

    public DateTimeOffset CompletedAt => Task.CompletedAt!.Value;
}

/// <summary><c>task.cancelled</c>: an open task was cancelled, by a person or by a follow-up run.</summary>
public sealed record TaskCancelled(FollowUpTask Task, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "task.cancelled";

    public string Type => EventType;

    public Guid? CustomerId => Task.CustomerId;

    public ResourceRef Resource => new(FollowUpTask.ResourceType, Task.Id);
}

/// <summary>The API's kebab-case spelling of the follow-up vocabulary (the Domain has no JSON conventions of its own).</summary>
public static class FollowUpNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
