using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Surveys;

/// <summary>
/// What the customer was at response time: its RFM segment in the latest succeeded run (and that
/// run) and its lifecycle stage. Stored on the response, so analytics group by it even after the
/// customer moved on.
/// </summary>
public sealed record SurveySnapshot(string? Segment, Guid? RfmRunId, string Stage);

/// <summary>What a response says (SPEC §9.4).</summary>
public sealed record SurveyAnswer(int Score, string? Comment, SurveyChannel Channel, DateTimeOffset RespondedAt);

/// <summary>
/// One answer to a survey (SPEC §9.4), append-only. It records an interaction on the customer
/// (type <c>survey</c>, <c>npsScore</c> or <c>satisfaction</c> set) under
/// <see cref="InteractionId"/>: the Interactions module writes it on <see cref="SurveyResponseReceived"/>.
/// </summary>
public sealed class SurveyResponse : AggregateRoot
{
    public const string ResourceType = "survey-response";

    /// <summary>The stable code of a score outside the survey type's scale.</summary>
    public const string ScoreOutOfRangeCode = "survey-score-out-of-range";

    private SurveyResponse()
    {
        SurveyName = string.Empty;
        Stage = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SurveyId { get; private set; }

    public Guid? SendId { get; private set; }

    public Guid CustomerId { get; private set; }

    /// <summary>The survey's type when it was answered (fixed after draft, kept here so analytics need no join).</summary>
    public SurveyType SurveyType { get; private set; }

    /// <summary>The survey's name when it was answered (the interaction's subject).</summary>
    public string SurveyName { get; private set; }

    public int Score { get; private set; }

    public string? Comment { get; private set; }

    public SurveyChannel Channel { get; private set; }

    public DateTimeOffset RespondedAt { get; private set; }

    public SurveyResponseSource Source { get; private set; }

    public string? Segment { get; private set; }

    public Guid? RfmRunId { get; private set; }

    public string Stage { get; private set; }

    public Guid InteractionId { get; private set; }

    public string RecordedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>promoter, passive or detractor (NPS); satisfied or unsatisfied (CSAT).</summary>
    public string Category => SurveyCategories.Of(SurveyType, Score);

    /// <summary>
    /// Records a response to <paramref name="survey"/> (and to <paramref name="send"/>, which is
    /// marked responded). The score must be on the survey type's scale.
    /// </summary>
    public static SurveyResponse Record(
        Survey survey, SurveySend? send, Guid customerId, SurveyAnswer answer, SurveySnapshot snapshot, SurveyResponseSource source, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(snapshot);
        survey.EnsureActive();
        var (min, max) = SurveyLimits.ScoreRange(survey.Type);
        if (answer.Score < min || answer.Score > max)
        {
            throw new BuildingBlocks.DomainException(
                ScoreOutOfRangeCode,
                $"A {survey.Type.ToString().ToUpperInvariant()} survey is scored {min}–{max}.",
                new Dictionary<string, object?> { ["min"] = min, ["max"] = max });
        }

        var response = new SurveyResponse
        {
            Id = Guid.CreateVersion7(now),
            SurveyId = survey.Id,
            SendId = send?.Id,
            CustomerId = customerId,
            SurveyType = survey.Type,
            SurveyName = survey.Name,
            Score = answer.Score,
            Comment = answer.Comment,
            Channel = answer.Channel,
            RespondedAt = answer.RespondedAt,
            Source = source,
            Segment = snapshot.Segment,
            RfmRunId = snapshot.RfmRunId,
            Stage = snapshot.Stage,
            InteractionId = Guid.CreateVersion7(now),
            RecordedBy = actor,
            CreatedAt = now,
        };
        send?.MarkResponded(response.Id, answer.RespondedAt, now);
        response.Raise(new SurveyResponseReceived(response, now));
        return response;
    }
}
