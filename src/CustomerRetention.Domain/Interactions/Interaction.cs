using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Interactions;

/// <summary>What a client may set on an interaction.</summary>
public sealed record InteractionDetails(
    InteractionChannel Channel,
    InteractionDirection Direction,
    InteractionType Type,
    DateTimeOffset OccurredAt,
    string? Subject,
    string? Notes,
    string? Outcome,
    Sentiment? Sentiment,
    int? Satisfaction,
    int? NpsScore,
    Guid? OwnerId);

/// <summary>
/// One touchpoint with a customer (SPEC §4). Deleting is explicit and recorded: the row stays
/// with who deleted it and when, and disappears from reads.
/// </summary>
public sealed class Interaction : AggregateRoot
{
    private Interaction()
    {
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public InteractionChannel Channel { get; private set; }

    public InteractionDirection Direction { get; private set; }

    public InteractionType Type { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string? Subject { get; private set; }

    public string? Notes { get; private set; }

    public string? Outcome { get; private set; }

    public Sentiment? Sentiment { get; private set; }

    public int? Satisfaction { get; private set; }

    public int? NpsScore { get; private set; }

    public Guid? OwnerId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public string? DeletedBy { get; private set; }

    public uint Version { get; private set; }

    public static Interaction Create(Guid customerId, InteractionDetails details, DateTimeOffset now) =>
        Create(Guid.CreateVersion7(now), customerId, details, now);

    /// <summary>Records a touchpoint under an id chosen beforehand (a completed task names the interaction it records).</summary>
    public static Interaction Create(Guid id, Guid customerId, InteractionDetails details, DateTimeOffset now)
    {
        var interaction = new Interaction { Id = id, CustomerId = customerId, CreatedAt = now };
        interaction.Apply(details, now);
        interaction.Raise(new InteractionRecorded(interaction, now));
        return interaction;
    }

    public InteractionDetails ToDetails() =>
        new(Channel, Direction, Type, OccurredAt, Subject, Notes, Outcome, Sentiment, Satisfaction, NpsScore, OwnerId);

    public void Update(InteractionDetails details, DateTimeOffset now)
    {
        EnsureNotDeleted();
        var before = ToDetails();
        Apply(details, now);
        var changes = new FieldChanges()
            .Compare("channel", before.Channel, details.Channel)
            .Compare("direction", before.Direction, details.Direction)
            .Compare("type", before.Type, details.Type)
            .Compare("occurredAt", before.OccurredAt, details.OccurredAt)
            .Compare("subject", before.Subject, details.Subject)
            .Compare("notes", before.Notes, details.Notes)
            .Compare("outcome", before.Outcome, details.Outcome)
            .Compare("sentiment", before.Sentiment, details.Sentiment)
            .Compare("satisfaction", before.Satisfaction, details.Satisfaction)
            .Compare("npsScore", before.NpsScore, details.NpsScore)
            .Compare("ownerId", before.OwnerId, details.OwnerId);
        if (changes.Any)
        {
            Raise(new InteractionUpdated(this, changes.Names, changes.Previous, now));
        }
    }

    public void Delete(string actor, DateTimeOffset now)
    {
        EnsureNotDeleted();
        DeletedAt = now;
        DeletedBy = actor;
        UpdatedAt = now;
        Raise(new InteractionDeleted(this, now));
    }

    private void EnsureNotDeleted()
    {
        if (DeletedAt is not null)
        {
            throw new InvalidOperationException($"Interaction {Id} is deleted.");
        }
    }

    private void Apply(InteractionDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.OccurredAt > now)
        {
            throw new ArgumentOutOfRangeException(nameof(details), "An interaction cannot occur in the future.");
        }

        if (details.Satisfaction is < InteractionLimits.SatisfactionMin or > InteractionLimits.SatisfactionMax
            || details.NpsScore is < InteractionLimits.NpsMin or > InteractionLimits.NpsMax)
        {
            throw new ArgumentOutOfRangeException(nameof(details), "Satisfaction is 1–5 and an NPS score 0–10.");
        }

        Channel = details.Channel;
        Direction = details.Direction;
        Type = details.Type;
        OccurredAt = details.OccurredAt;
        Subject = details.Subject;
        Notes = details.Notes;
        Outcome = details.Outcome;
        Sentiment = details.Sentiment;
        Satisfaction = details.Satisfaction;
        NpsScore = details.NpsScore;
        OwnerId = details.OwnerId;
        UpdatedAt = now;
    }
}
