namespace CustomerRetention.Domain.ServiceLevels;

/// <summary>How a clock counts (SPEC §9.3 rule 4): only the calendar's open minutes, or real elapsed time (24 × 7).</summary>
public enum HoursMode
{
    Business,
    Calendar,
}

/// <summary>
/// The case vocabularies of SPEC §9.3 an SLA policy's conditions and targets are written in, in
/// their API spellings. The Cases module owns cases; these lists are what a policy may name, so a
/// policy never depends on the Cases module's types.
/// </summary>
public static class CaseVocabulary
{
    public static IReadOnlyList<string> Priorities { get; } = ["low", "normal", "high", "urgent"];

    public static IReadOnlyList<string> Categories { get; } = ["complaint", "inquiry", "return", "delivery", "quality", "billing", "other"];

    public static IReadOnlyList<string> Channels { get; } = ["phone", "email", "sms", "wechat", "chat", "web", "store", "other"];
}

/// <summary>The bounds of the module's input, shared by the validators, the database columns and the OpenAPI document.</summary>
public static class ServiceLevelLimits
{
    public const int NameMaxLength = 200;

    public const int HolidayNameMaxLength = 100;

    public const int TimeZoneMaxLength = 100;

    /// <summary>At most this many weekly intervals (e.g. 7 days × 6 intervals, with room to spare).</summary>
    public const int MaxWeeklyIntervals = 70;

    /// <summary>Ten years of public holidays at about 20 a year, with room to spare.</summary>
    public const int MaxHolidays = 500;

    public const int MaxConditionItems = 50;

    public const int TagMaxLength = 50;

    /// <summary>Three metrics × four priorities.</summary>
    public const int MaxTargets = 12;

    /// <summary>A target is at most a year of minutes (525 600).</summary>
    public const int MaxTargetMinutes = 525_600;

    public const int MaxPosition = 1_000_000;

    /// <summary>The due endpoint accepts up to ten years of calendar minutes.</summary>
    public const int MaxDueMinutes = 5_260_000;
}
