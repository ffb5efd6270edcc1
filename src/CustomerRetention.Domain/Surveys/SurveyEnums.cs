using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Domain.Surveys;

/// <summary>How a survey is scored (SPEC §9.4): NPS 0–10, CSAT 1–5.</summary>
public enum SurveyType
{
    Nps = 1,
    Csat = 2,
}

/// <summary>Where a survey stands: only an active survey sends; an archived one is read-only for good.</summary>
public enum SurveyStatus
{
    Draft = 1,
    Active = 2,
    Archived = 3,
}

/// <summary>
/// Where a send stands. A send is made <c>sent</c> or <c>throttled</c>; <c>responded</c> and
/// <c>expired</c> follow from <c>sent</c>. <c>scheduled</c> and <c>cancelled</c> are part of the
/// vocabulary (SPEC §9.4) for sends planned ahead, which this version does not make.
/// </summary>
public enum SurveySendStatus
{
    Scheduled = 1,
    Sent = 2,
    Responded = 3,
    Expired = 4,
    Throttled = 5,
    Cancelled = 6,
}

/// <summary>How a survey reached the customer, or how a response came back.</summary>
public enum SurveyChannel
{
    Email = 1,
    Sms = 2,
    Web = 3,
    Phone = 4,
    Wechat = 5,
    Chat = 6,
    Visit = 7,
    Meeting = 8,
    Social = 9,
    Other = 10,
}

/// <summary>What a send is about (SPEC §9.4): an order, a complaint case or an interaction.</summary>
public enum SurveyContextType
{
    Order = 1,
    Case = 2,
    Interaction = 3,
}

/// <summary>Who recorded a response: an agent for the customer, or the customer through the public endpoint.</summary>
public enum SurveyResponseSource
{
    Agent = 1,
    Public = 2,
}

/// <summary>The bounds of SPEC §9.4.</summary>
public static class SurveyLimits
{
    public const int NameMaxLength = 200;
    public const int QuestionMaxLength = 1000;
    public const int CommentMaxLength = 2000;
    public const int DefaultThrottleDays = 30;
    public const int DefaultExpiresAfterDays = 14;
    public const int MaxThrottleDays = 3650;
    public const int MaxExpiresAfterDays = 365;
    public const int MinScore = 0;
    public const int MaxScore = 10;

    /// <summary>The scores a survey of <paramref name="type"/> accepts: NPS 0–10, CSAT 1–5.</summary>
    public static (int Min, int Max) ScoreRange(SurveyType type) => type == SurveyType.Nps ? (0, 10) : (1, 5);

    /// <summary>The interaction channel a response's channel is recorded as (the two vocabularies differ only in name).</summary>
    public static InteractionChannel InteractionChannelOf(SurveyChannel channel) => channel switch
    {
        SurveyChannel.Email => InteractionChannel.Email,
        SurveyChannel.Sms => InteractionChannel.Sms,
        SurveyChannel.Web => InteractionChannel.Web,
        SurveyChannel.Phone => InteractionChannel.Phone,
        SurveyChannel.Wechat => InteractionChannel.Wechat,
        SurveyChannel.Chat => InteractionChannel.Chat,
        SurveyChannel.Visit => InteractionChannel.Visit,
        SurveyChannel.Meeting => InteractionChannel.Meeting,
        SurveyChannel.Social => InteractionChannel.Social,
        _ => InteractionChannel.Other,
    };
}

/// <summary>
/// The categories of SPEC §9.4: NPS promoters score 9–10, passives 7–8, detractors 0–6; a CSAT
/// response is satisfied at 4 or 5.
/// </summary>
public static class SurveyCategories
{
    public const string Promoter = "promoter";
    public const string Passive = "passive";
    public const string Detractor = "detractor";
    public const string Satisfied = "satisfied";
    public const string Unsatisfied = "unsatisfied";

    public static string Of(SurveyType type, int score) => type switch
    {
        SurveyType.Nps when score >= 9 => Promoter,
        SurveyType.Nps when score >= 7 => Passive,
        SurveyType.Nps => Detractor,
        _ when score >= 4 => Satisfied,
        _ => Unsatisfied,
    };
}
