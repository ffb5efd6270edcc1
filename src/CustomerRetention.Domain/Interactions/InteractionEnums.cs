namespace CustomerRetention.Domain.Interactions;

public enum InteractionChannel
{
    Phone = 1,
    Email = 2,
    Sms = 3,
    Wechat = 4,
    Social = 5,
    Chat = 6,
    Visit = 7,
    Meeting = 8,
    Web = 9,
    Other = 10,
}

public enum InteractionDirection
{
    Inbound = 1,
    Outbound = 2,
}

public enum InteractionType
{
    Call = 1,
    Message = 2,
    Meeting = 3,
    Visit = 4,
    Note = 5,
    Complaint = 6,
    Feedback = 7,
    Survey = 8,
    Support = 9,
    Greeting = 10,
    Other = 11,
}

public enum Sentiment
{
    Positive = 1,
    Neutral = 2,
    Negative = 3,
}

/// <summary>The bounds of SPEC §4.</summary>
public static class InteractionLimits
{
    public const int SubjectMaxLength = 200;
    public const int NotesMaxLength = 10_000;
    public const int OutcomeMaxLength = 500;
    public const int SatisfactionMin = 1;
    public const int SatisfactionMax = 5;
    public const int NpsMin = 0;
    public const int NpsMax = 10;
}
