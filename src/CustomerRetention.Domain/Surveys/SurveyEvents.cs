using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Domain.Surveys;

/// <summary><c>survey.created</c>: a survey was created.</summary>
public sealed record SurveyCreated(Survey Survey, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Survey.ResourceType, Survey.Id);
}

/// <summary><c>survey.updated</c>: a survey changed (named in <see cref="ChangedFields"/>, old values in <see cref="Previous"/>); its version went up.</summary>
public sealed record SurveyUpdated(Survey Survey, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.updated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(Survey.ResourceType, Survey.Id);
}

/// <summary><c>survey.sent</c>: a customer was sent a survey (the data never holds the token).</summary>
public sealed record SurveySent(SurveySend Send, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.sent";

    public string Type => EventType;

    public Guid? CustomerId => Send.CustomerId;

    public ResourceRef Resource => new(SurveySend.ResourceType, Send.Id);
}

/// <summary><c>survey.token-issued</c>: the token of an automated send was handed out (once) to the integration that delivers it; the data never holds the token.</summary>
public sealed record SurveyTokenIssued(SurveySend Send, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.token-issued";

    public string Type => EventType;

    public Guid? CustomerId => Send.CustomerId;

    public ResourceRef Resource => new(SurveySend.ResourceType, Send.Id);
}

/// <summary><c>survey.throttled</c>: a send was recorded but not delivered: the customer was sent a survey within the throttle.</summary>
public sealed record SurveyThrottled(SurveySend Send, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.throttled";

    public string Type => EventType;

    public Guid? CustomerId => Send.CustomerId;

    public ResourceRef Resource => new(SurveySend.ResourceType, Send.Id);
}

/// <summary>
/// <c>survey.response-received</c>: a customer answered a survey. The Interactions module records
/// the interaction under <see cref="InteractionId"/> in the same unit of work from the members
/// below, so it never reads the response itself; the data carries what an <c>nps-detractor</c>
/// alert needs (type, score, category, customer, survey, the snapshot).
/// </summary>
public sealed record SurveyResponseReceived(SurveyResponse Response, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.response-received";

    public string Type => EventType;

    public Guid? CustomerId => Response.CustomerId;

    public ResourceRef Resource => new(SurveyResponse.ResourceType, Response.Id);

    /// <summary>The customer the interaction is about.</summary>
    public Guid RespondentId => Response.CustomerId;

    /// <summary>The id the recorded interaction takes.</summary>
    public Guid InteractionId => Response.InteractionId;

    public InteractionChannel Channel => SurveyLimits.InteractionChannelOf(Response.Channel);

    /// <summary>The score of an NPS response (null for CSAT).</summary>
    public int? NpsScore => Response.SurveyType == SurveyType.Nps ? Response.Score : null;

    /// <summary>The score of a CSAT response (null for NPS).</summary>
    public int? Satisfaction => Response.SurveyType == SurveyType.Csat ? Response.Score : null;

    /// <summary>The interaction's subject: the survey's name, within the interaction's 200 characters.</summary>
    public string Subject => Response.SurveyName.Length <= InteractionLimits.SubjectMaxLength ? Response.SurveyName : Response.SurveyName[..InteractionLimits.SubjectMaxLength];

    /// <summary>The interaction's outcome: the response's category (promoter, passive, detractor, satisfied, unsatisfied).</summary>
    public string Category => Response.Category;

    public string? Comment => Response.Comment;

    public DateTimeOffset RespondedAt => Response.RespondedAt;
}

/// <summary>
/// <c>survey.expired</c>: a send still <c>sent</c> passed its expiresAt. The expiry job writes these
/// events set-based in SQL (the send's state, as <see cref="SurveySent"/> carries it); this record
/// declares the type, so the change feed's filters and the webhooks know it.
/// </summary>
public sealed record SurveyExpired(SurveySend Send, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "survey.expired";

    public string Type => EventType;

    public Guid? CustomerId => Send.CustomerId;

    public ResourceRef Resource => new(SurveySend.ResourceType, Send.Id);
}
