using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Surveys;

/// <summary>
/// One invitation of one customer to one survey (SPEC §9.4). A send is <c>sent</c> with a
/// single-use token (only its SHA-256 hash is stored) that expires <c>expiresAfterDays</c> after
/// it was sent, or <c>throttled</c> — recorded, never delivered, never retried — when the customer
/// was sent any survey in the last <c>throttleDays</c> (<see cref="ThrottledBy"/> names that send).
/// </summary>
public sealed class SurveySend : AggregateRoot
{
    public const string ResourceType = "survey-send";

    /// <summary>The stable code of a response to a send that took one already.</summary>
    public const string AlreadyAnsweredCode = "survey-already-answered";

    /// <summary>The stable code of a response to a send past its <c>expiresAt</c>.</summary>
    public const string ExpiredCode = "survey-send-expired";

    /// <summary>The stable code of a token request for a send whose token was issued already (or was never withheld: a send made through the API).</summary>
    public const string TokenIssuedCode = "survey-token-issued";

    /// <summary>The stable code of a response to a send that was never delivered (throttled, cancelled).</summary>
    public const string NotOpenCode = "survey-send-not-open";

    private SurveySend()
    {
    }

    public Guid Id { get; private set; }

    public Guid SurveyId { get; private set; }

    public Guid CustomerId { get; private set; }

    public SurveyChannel Channel { get; private set; }

    public SurveyContextType? ContextType { get; private set; }

    public Guid? ContextId { get; private set; }

    public SurveySendStatus Status { get; private set; }

    /// <summary>The SHA-256 of the token (hex); null for a throttled send, which has no token, and for an automated send until its token is issued.</summary>
    public string? TokenHash { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The earlier send that throttled this one.</summary>
    public Guid? ThrottledBy { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    public Guid? ResponseId { get; private set; }

    /// <summary>
    /// Set on an automated send (e.g. <c>post-purchase:{orderId}</c>): at most one send per key,
    /// ever. Such a send is made without a token; <see cref="IssueToken"/> makes it once.
    /// </summary>
    public string? DedupeKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    /// <summary>A delivered send, valid until <c>now + expiresAfterDays</c>.</summary>
    public static SurveySend Sent(Survey survey, Guid customerId, SurveyChannel channel, SurveyContextType? contextType, Guid? contextId, string tokenHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        survey.EnsureActive();
        var send = New(survey, customerId, channel, contextType, contextId, now);
        send.Status = SurveySendStatus.Sent;
        send.TokenHash = tokenHash;
        send.SentAt = now;
        send.ExpiresAt = now.AddDays(survey.ExpiresAfterDays);
        send.Raise(new SurveySent(send, now));
        return send;
    }

    /// <summary>A send that the customer's earlier send <paramref name="throttledBy"/> throttled: recorded, not delivered.</summary>
    public static SurveySend Throttled(Survey survey, Guid customerId, SurveyChannel channel, SurveyContextType? contextType, Guid? contextId, Guid throttledBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(survey);
        survey.EnsureActive();
        var send = New(survey, customerId, channel, contextType, contextId, now);
        send.Status = SurveySendStatus.Throttled;
        send.ThrottledBy = throttledBy;
        send.Raise(new SurveyThrottled(send, now));
        return send;
    }

    /// <summary>Whether a send in this status was delivered (it counts for the throttle).</summary>
    public static bool WasDelivered(SurveySendStatus status) => status is SurveySendStatus.Sent or SurveySendStatus.Responded or SurveySendStatus.Expired;

    /// <summary>
    /// Refuses a response unless the send is open: delivered, unanswered and not past
    /// <see cref="ExpiresAt"/> at <paramref name="at"/> (an expired send is refused even before the
    /// expiry job marked it).
    /// </summary>
    public void EnsureOpen(DateTimeOffset at)
    {
        switch (Status)
        {
            case SurveySendStatus.Responded:
                throw new DomainException(AlreadyAnsweredCode, "This survey was answered already: a survey takes one response.");
            case SurveySendStatus.Expired:
                throw new DomainException(ExpiredCode, "This survey has expired and takes no response any more.");
            case SurveySendStatus.Sent when ExpiresAt <= at:
                throw new DomainException(ExpiredCode, "This survey has expired and takes no response any more.");
            case SurveySendStatus.Sent:
                return;
            default:
                throw new DomainException(NotOpenCode, "This survey was not delivered and takes no response.");
        }
    }

    /// <summary>
    /// Gives an automated send (made without a token, nobody being there to receive it) the token
    /// whose hash is <paramref name="tokenHash"/>, once: a send that has a token already, or was made
    /// through the API with one, is refused (409 <see cref="TokenIssuedCode"/>), and so is a send
    /// that takes no response any more.
    /// </summary>
    public void IssueToken(string tokenHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        if (DedupeKey is null || TokenHash is not null)
        {
            throw new DomainException(TokenIssuedCode, "This send's token was issued already: a token is handed out once (the server keeps only its hash).");
        }

        EnsureOpen(now);
        TokenHash = tokenHash;
        UpdatedAt = now;
        Raise(new SurveyTokenIssued(this, now));
    }

    /// <summary>The response <paramref name="responseId"/> answered the send.</summary>
    public void MarkResponded(Guid responseId, DateTimeOffset respondedAt, DateTimeOffset now)
    {
        EnsureOpen(now);
        Status = SurveySendStatus.Responded;
        ResponseId = responseId;
        RespondedAt = respondedAt;
        UpdatedAt = now;
    }

    private static SurveySend New(Survey survey, Guid customerId, SurveyChannel channel, SurveyContextType? contextType, Guid? contextId, DateTimeOffset now)
    {
        if ((contextType is null) != (contextId is null))
        {
            throw new ArgumentException("A context has both a type and an id, or neither.", nameof(contextType));
        }

        return new SurveySend
        {
            Id = Guid.CreateVersion7(now),
            SurveyId = survey.Id,
            CustomerId = customerId,
            Channel = channel,
            ContextType = contextType,
            ContextId = contextId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
