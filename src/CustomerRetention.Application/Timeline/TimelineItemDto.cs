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

    public static int Rank(string kind) => kind switch
    {
        Alert => 4,
        StageChange => 3,
        Order => 2,
        _ => 1,
    };
}
