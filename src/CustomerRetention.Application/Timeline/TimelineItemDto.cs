namespace CustomerRetention.Application.Timeline;

/// <summary>One entry of the 360° timeline.</summary>
public sealed record TimelineItemDto(
    string Kind,
    DateTimeOffset OccurredAt,
    Guid Id,
    string Summary,
    object Data);

/// <summary>The kinds of timeline entries; on equal <c>occurredAt</c>, higher rank comes first.</summary>
public static class TimelineKinds
{
    public const string Interaction = "interaction";
    public const string Order = "order";
    public const string StageChange = "stageChange";
    public const string Alert = "alert";

    /// <summary>A case, when it was opened.</summary>
    public const string Case = "case";

    /// <summary>A task: when it was created, and again (<see cref="TaskCompletion"/>) when it was completed.</summary>
    public const string Task = "task";

    /// <summary>The ranking key of a task's completion entry; its kind on the timeline is <see cref="Task"/>.</summary>
    public const string TaskCompletion = "task-completion";

    public static int Rank(string kind) => kind switch
    {
        Case => 7,
        Alert => 6,
        StageChange => 5,
        Order => 4,
        Interaction => 3,
        TaskCompletion => 2,
        _ => 1,
    };
}
