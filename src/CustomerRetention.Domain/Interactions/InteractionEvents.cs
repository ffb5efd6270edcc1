using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Interactions;

/// <summary><c>interaction.created</c>: a touchpoint was recorded.</summary>
public sealed record InteractionRecorded(Interaction Interaction, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "interaction.created";

    public string Type => EventType;

    public Guid? CustomerId => Interaction.CustomerId;

    public ResourceRef Resource => new("interaction", Interaction.Id);

    /// <summary>The interaction's id, for reactions that must not read the entity (another module's cadence touches).</summary>
    public Guid InteractionId => Interaction.Id;

    /// <summary>The channel as the API spells it (<c>phone</c>): what a cadence policy's touch types name.</summary>
    public string Channel => Interaction.Channel.ToString().ToLowerInvariant();

    /// <summary>The direction as the API spells it (<c>outbound</c>).</summary>
    public string Direction => Interaction.Direction.ToString().ToLowerInvariant();

    public Guid TouchedCustomerId => Interaction.CustomerId;
}

/// <summary>
/// <c>interaction.updated</c>: fields of a touchpoint changed (named in <see cref="ChangedFields"/>,
/// with their values before the change in <see cref="Previous"/>).
/// </summary>
public sealed record InteractionUpdated(Interaction Interaction, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "interaction.updated";

    public string Type => EventType;

    public Guid? CustomerId => Interaction.CustomerId;

    public ResourceRef Resource => new("interaction", Interaction.Id);
}

/// <summary><c>interaction.deleted</c>: a touchpoint was deleted (who and when are kept).</summary>
public sealed record InteractionDeleted(Interaction Interaction, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "interaction.deleted";

    public string Type => EventType;

    public Guid? CustomerId => Interaction.CustomerId;

    public ResourceRef Resource => new("interaction", Interaction.Id);
}
