namespace CustomerRetention.Domain.FollowUps;

/// <summary>What kind of work a task is (SPEC §9.2); completing it records an interaction of the matching channel and type.</summary>
public enum TaskType
{
    Call = 1,
    Email = 2,
    Sms = 3,
    Wechat = 4,
    Meeting = 5,
    Visit = 6,
    Todo = 7,
}

public enum TaskPriority
{
    Low = 1,
    Normal = 2,
    High = 3,
}

/// <summary>Where a task stands. Completed and cancelled are terminal.</summary>
public enum FollowUpStatus
{
    Open = 1,
    Completed = 2,
    Cancelled = 3,
}

/// <summary>Who or what created a task; <c>alert</c>, <c>case</c> and <c>automation</c> are reserved for the modules that will create them.</summary>
public enum TaskSource
{
    Manual = 1,
    Cadence = 2,
    Birthday = 3,
    PostPurchase = 4,
    Alert = 5,
    Case = 6,
    Automation = 7,
}

/// <summary>How a completed task ended.</summary>
public enum TaskOutcome
{
    Reached = 1,
    NoAnswer = 2,
    LeftMessage = 3,
    NotInterested = 4,
    CallBackLater = 5,
    Done = 6,
}

/// <summary>An open task's due date against today in the deployment time zone.</summary>
public enum TaskTiming
{
    Overdue = 1,
    DueToday = 2,
    Planned = 3,
}

/// <summary>Where a 29 February birthday falls in a year that has none.</summary>
public enum Feb29Rule
{
    Feb28 = 1,
    Mar1 = 2,
}

/// <summary>What a post-purchase reminder does: a feedback task, or a send of a survey (SPEC §9.4) through the Surveys module.</summary>
public enum PostPurchaseAction
{
    Task = 1,
    SurveySend = 2,
}

/// <summary>
/// The channels an automated post-purchase survey send can go out on: those an integration
/// delivers a link through without an agent (the Surveys send channels of the same names).
/// </summary>
public enum PostPurchaseChannel
{
    Email = 1,
    Sms = 2,
    Web = 3,
    Wechat = 5,
}

/// <summary>When a post-purchase reminder is skipped.</summary>
public enum PostPurchaseSkip
{
    /// <summary>The order is cancelled now.</summary>
    OrderCancelled = 1,

    /// <summary>The order is refunded now.</summary>
    OrderRefunded = 2,

    /// <summary>The customer has a case that is not solved or closed at run time (new, open, pending-customer, on-hold; SPEC §9.3).</summary>
    OpenCase = 3,
}

/// <summary>The bounds of SPEC §9.2.</summary>
public static class FollowUpLimits
{
    public const int SubjectMaxLength = 200;
    public const int NoteMaxLength = 10_000;
    public const int SourceRefMaxLength = 200;
    public const int ReasonMaxLength = 1000;
    public const int DedupeKeyMaxLength = 200;
    public const int PolicyNameMaxLength = 200;
    public const int TierNameMaxLength = 100;
    public const int MaxTiers = 20;
    public const int MaxScopeItems = 50;
    public const int MaxTouchTypes = 20;
    public const int TagMaxLength = 50;
    public const int MaxIntervalDays = 3650;
    public const int MaxLeadDays = 60;
    public const int MaxDelayDays = 365;

    /// <summary>How far ahead a run creates tasks: those due up to asOf + 7 days.</summary>
    public const int HorizonDays = 7;
}
