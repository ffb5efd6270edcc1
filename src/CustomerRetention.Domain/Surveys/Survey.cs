using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Surveys;

/// <summary>What a client may set on a survey.</summary>
public sealed record SurveyDetails(SurveyType Type, string Name, string Question, SurveyStatus Status, int ThrottleDays, int ExpiresAfterDays);

/// <summary>
/// An NPS or CSAT survey (SPEC §9.4). Its status moves one way only, draft → active → archived
/// (draft → archived too): only an active survey sends, and an archived one is kept for its
/// responses. The type is fixed once the survey left draft, so every response of a survey is
/// scored on one scale. <see cref="Revision"/> counts the changes (the API's <c>version</c>).
/// </summary>
public sealed class Survey : AggregateRoot
{
    public const string ResourceType = "survey";

    /// <summary>The stable code of a status change the one-way order does not allow.</summary>
    public const string TransitionCode = "survey-transition-not-allowed";

    /// <summary>The stable code of a change of type after the survey left draft.</summary>
    public const string TypeLockedCode = "survey-type-locked";

    /// <summary>The stable code of a send or response for a survey that is not active.</summary>
    public const string NotActiveCode = "survey-not-active";

    private Survey()
    {
        Name = string.Empty;
        Question = string.Empty;
    }

    public Guid Id { get; private set; }

    public SurveyType Type { get; private set; }

    public string Name { get; private set; }

    public string Question { get; private set; }

    public SurveyStatus Status { get; private set; }

    public int ThrottleDays { get; private set; }

    public int ExpiresAfterDays { get; private set; }

    public int Revision { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static Survey Create(SurveyDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var survey = new Survey { Id = Guid.CreateVersion7(now), CreatedAt = now, Revision = 1 };
        survey.Apply(details, now);
        survey.Raise(new SurveyCreated(survey, now));
        return survey;
    }

    public SurveyDetails ToDetails() => new(Type, Name, Question, Status, ThrottleDays, ExpiresAfterDays);

    /// <summary>Whether the one-way order allows a survey in <paramref name="from"/> to move to <paramref name="to"/> (staying is always allowed).</summary>
    public static bool IsAllowed(SurveyStatus from, SurveyStatus to) =>
        from == to || (from, to) is (SurveyStatus.Draft, SurveyStatus.Active) or (SurveyStatus.Draft, SurveyStatus.Archived) or (SurveyStatus.Active, SurveyStatus.Archived);

    public void Update(SurveyDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (!IsAllowed(Status, details.Status))
        {
            throw new DomainException(
                TransitionCode,
                $"A survey moves draft → active → archived only: it cannot go from {Spelled(Status)} to {Spelled(details.Status)}.",
                new Dictionary<string, object?> { ["from"] = Spelled(Status), ["to"] = Spelled(details.Status) });
        }

        if (details.Type != Type && Status != SurveyStatus.Draft)
        {
            throw new DomainException(TypeLockedCode, "The type of a survey can change only while it is a draft: its responses are scored on one scale.");
        }

        var before = ToDetails();
        var changes = new FieldChanges()
            .Compare("type", before.Type, details.Type)
            .Compare("name", before.Name, details.Name)
            .Compare("question", before.Question, details.Question)
            .Compare("status", before.Status, details.Status)
            .Compare("throttleDays", before.ThrottleDays, details.ThrottleDays)
            .Compare("expiresAfterDays", before.ExpiresAfterDays, details.ExpiresAfterDays);
        if (!changes.Any)
        {
            return;
        }

        Apply(details, now);
        Revision++;
        Raise(new SurveyUpdated(this, changes.Names, changes.Previous, now));
    }

    /// <summary>Throws the 409 of a survey that cannot send or take a response now.</summary>
    public void EnsureActive()
    {
        if (Status != SurveyStatus.Active)
        {
            throw new DomainException(
                NotActiveCode,
                $"The survey is {Spelled(Status)}: only an active survey sends and takes responses.",
                new Dictionary<string, object?> { ["surveyStatus"] = Spelled(Status) });
        }
    }

    private static string Spelled(SurveyStatus status) => status.ToString().ToLowerInvariant();

    private void Apply(SurveyDetails details, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(details.Name) || string.IsNullOrWhiteSpace(details.Question))
        {
            throw new ArgumentException("A survey needs a name and a question.", nameof(details));
        }

        if (details.ThrottleDays < 0 || details.ExpiresAfterDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(details), "throttleDays is at least 0 and expiresAfterDays at least 1.");
        }

        Type = details.Type;
        Name = details.Name;
        Question = details.Question;
        Status = details.Status;
        ThrottleDays = details.ThrottleDays;
        ExpiresAfterDays = details.ExpiresAfterDays;
        UpdatedAt = now;
    }
}
