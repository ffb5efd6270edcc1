using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Interactions;
using FluentValidation;

namespace CustomerRetention.Application.Interactions;

/// <summary>
/// The client-settable fields of an interaction: the body of a create and the document a
/// merge-patch updates.
/// </summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("customerId", ReadOnlyReasons.CustomerId)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record InteractionFields
{
    /// <summary>phone, email, sms, wechat, social, chat, visit, meeting, web or other. Required.</summary>
    public InteractionChannel? Channel { get; init; }

    /// <summary>inbound or outbound. Required.</summary>
    public InteractionDirection? Direction { get; init; }

    /// <summary>call, message, meeting, visit, note, complaint, feedback, survey, support, greeting or other. Required.</summary>
    public InteractionType? Type { get; init; }

    /// <summary>When it happened (RFC 3339); not in the future. Required.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>At most 200 characters.</summary>
    public string? Subject { get; init; }

    /// <summary>At most 10 000 characters.</summary>
    public string? Notes { get; init; }

    /// <summary>At most 500 characters.</summary>
    public string? Outcome { get; init; }

    /// <summary>positive, neutral or negative.</summary>
    public Sentiment? Sentiment { get; init; }

    /// <summary>1–5.</summary>
    public int? Satisfaction { get; init; }

    /// <summary>0–10, for survey answers.</summary>
    public int? NpsScore { get; init; }

    /// <summary>Who handled it.</summary>
    public Guid? OwnerId { get; init; }

    public InteractionDetails ToDetails() => new(
        Channel!.Value,
        Direction!.Value,
        Type!.Value,
        BuildingBlocks.Time.ToMicroseconds(OccurredAt!.Value),
        Trimmed(Subject),
        Notes,
        Trimmed(Outcome),
        Sentiment,
        Satisfaction,
        NpsScore,
        OwnerId);

    public static InteractionFields From(InteractionDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new InteractionFields
        {
            Channel = details.Channel,
            Direction = details.Direction,
            Type = details.Type,
            OccurredAt = details.OccurredAt,
            Subject = details.Subject,
            Notes = details.Notes,
            Outcome = details.Outcome,
            Sentiment = details.Sentiment,
            Satisfaction = details.Satisfaction,
            NpsScore = details.NpsScore,
            OwnerId = details.OwnerId,
        };
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The rules of SPEC §4.</summary>
public sealed class InteractionFieldsValidator : AbstractValidator<InteractionFields>
{
    public InteractionFieldsValidator(TimeProvider clock)
    {
        RuleFor(x => x.Channel).NotNull().IsInEnum();
        RuleFor(x => x.Direction).NotNull().IsInEnum();
        RuleFor(x => x.Type).NotNull().IsInEnum();
        RuleFor(x => x.OccurredAt).NotNull()
            .Must(at => at is null || at <= clock.GetUtcNow()).WithMessage("'occurredAt' must not be in the future.");
        RuleFor(x => x.Subject).MaximumLength(InteractionLimits.SubjectMaxLength);
        RuleFor(x => x.Notes).MaximumLength(InteractionLimits.NotesMaxLength);
        RuleFor(x => x.Outcome).MaximumLength(InteractionLimits.OutcomeMaxLength);
        RuleFor(x => x.Sentiment).IsInEnum();
        RuleFor(x => x.Satisfaction).InclusiveBetween(InteractionLimits.SatisfactionMin, InteractionLimits.SatisfactionMax);
        RuleFor(x => x.NpsScore).InclusiveBetween(InteractionLimits.NpsMin, InteractionLimits.NpsMax);
        RuleFor(x => x.OwnerId).NotEqual(Guid.Empty);
    }
}
