using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Domain.ServiceLevels;

/// <summary>
/// Which cases a policy applies to (SPEC §9.3): every non-empty list must match (the case's
/// priority, category, channel, its customer's RFM segment, any of the customer's tags); empty
/// lists match every case.
/// </summary>
public sealed record SlaConditions(
    IReadOnlyList<string> Priorities,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Tags)
{
    public static SlaConditions None { get; } = new([], [], [], [], []);

    /// <summary>Whether the conditions match every case (what the default policy needs).</summary>
    public bool MatchesEveryCase() => Priorities.Count == 0 && Categories.Count == 0 && Channels.Count == 0 && Segments.Count == 0 && Tags.Count == 0;

    /// <summary>Whether a case with these facts meets every non-empty condition.</summary>
    public bool Matches(SlaCaseFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return (Priorities.Count == 0 || Priorities.Contains(facts.Priority, StringComparer.Ordinal))
            && (Categories.Count == 0 || Categories.Contains(facts.Category, StringComparer.Ordinal))
            && (Channels.Count == 0 || Channels.Contains(facts.Channel, StringComparer.Ordinal))
            && (Segments.Count == 0 || (facts.Segment is not null && Segments.Contains(facts.Segment, StringComparer.Ordinal)))
            && (Tags.Count == 0 || facts.Tags.Any(t => Tags.Contains(t, StringComparer.Ordinal)));
    }

    /// <summary>Field-wise equality (a record compares lists by reference).</summary>
    public bool SameAs(SlaConditions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Priorities.SequenceEqual(other.Priorities) && Categories.SequenceEqual(other.Categories) && Channels.SequenceEqual(other.Channels)
            && Segments.SequenceEqual(other.Segments) && Tags.SequenceEqual(other.Tags);
    }
}

/// <summary>The facts of a case a policy is chosen by, in the API spellings of SPEC §9.3; <see cref="Segment"/> is the customer's RFM segment key or null.</summary>
public sealed record SlaCaseFacts(string Priority, string Category, string Channel, string? Segment, IReadOnlyCollection<string> Tags);

/// <summary>One target: <see cref="Minutes"/> (business or calendar, by the policy's hours mode) for a metric at a priority.</summary>
public sealed record SlaTarget(SlaMetric Metric, string Priority, int Minutes);

/// <summary>What a client may set on an SLA policy.</summary>
public sealed record SlaPolicyDetails(
    string Name,
    int Position,
    bool IsDefault,
    SlaConditions Conditions,
    Guid? CalendarId,
    HoursMode HoursMode,
    int WarnAtPercent,
    IReadOnlyList<SlaTarget> Targets)
{
    /// <summary>The target minutes for a metric at a priority, or null when the policy sets none (that metric runs no clock).</summary>
    public int? TargetFor(SlaMetric metric, string priority) =>
        Targets.FirstOrDefault(t => t.Metric == metric && string.Equals(t.Priority, priority, StringComparison.Ordinal))?.Minutes;
}

/// <summary>
/// An SLA policy (SPEC §9.3): conditions, hours mode and calendar, warning threshold and targets
/// per metric and priority. <see cref="Revision"/> is the API's <c>version</c>: it goes up with
/// every change, and each revision is kept as an <see cref="SlaPolicyVersion"/>, because a case
/// keeps the version it started with.
/// </summary>
public sealed class SlaPolicy : AggregateRoot
{
    public const string ResourceType = "sla-policy";

    public const int DefaultWarnAtPercent = 75;

    private SlaPolicy()
    {
        Name = string.Empty;
        Conditions = SlaConditions.None;
        Targets = [];
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public int Position { get; private set; }

    public bool IsDefault { get; private set; }

    public SlaConditions Conditions { get; private set; }

    public Guid? CalendarId { get; private set; }

    public HoursMode HoursMode { get; private set; }

    public int WarnAtPercent { get; private set; }

    public IReadOnlyList<SlaTarget> Targets { get; private set; }

    public int Revision { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static SlaPolicy Create(SlaPolicyDetails details, DateTimeOffset now)
    {
        var policy = new SlaPolicy { Id = Guid.CreateVersion7(now), CreatedAt = now, Revision = 1 };
        policy.Apply(details, now);
        policy.Raise(new SlaPolicyCreated(policy, now));
        return policy;
    }

    public SlaPolicyDetails ToDetails() => new(Name, Position, IsDefault, Conditions, CalendarId, HoursMode, WarnAtPercent, Targets);

    /// <summary>The current revision as a selection candidate.</summary>
    public SlaPolicyCandidate ToCandidate() => new(Id, Revision, CreatedAt, ToDetails());

    /// <summary>The current revision as the row that keeps it.</summary>
    public SlaPolicyVersion ToVersion() => new(Id, Revision, ToDetails(), UpdatedAt);

    /// <summary>Replaces the policy as a whole; returns whether anything changed (then the revision went up and an event was raised).</summary>
    public bool Replace(SlaPolicyDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (IsDefault && !details.IsDefault)
        {
            throw new DomainException("sla-default-policy-required", "The default SLA policy stays the default: there is always exactly one, so its isDefault cannot be cleared (change its targets instead).");
        }

        var changes = new FieldChanges()
            .Compare("name", Name, details.Name)
            .Compare("position", Position, details.Position)
            .Compare("isDefault", IsDefault, details.IsDefault)
            .Compare("conditions", Conditions.SameAs(details.Conditions), true)
            .Compare("calendarId", CalendarId, details.CalendarId)
            .Compare("hoursMode", HoursMode, details.HoursMode)
            .Compare("warnAtPercent", WarnAtPercent, details.WarnAtPercent)
            .CompareSequence("targets", Targets, details.Targets);
        if (!changes.Any)
        {
            return false;
        }

        Apply(details, now);
        Revision++;
        Raise(new SlaPolicyUpdated(this, changes.Names, now));
        return true;
    }

    /// <summary>Deletes a policy; the default policy cannot be deleted (cases fall back to it).</summary>
    public void MarkDeleted(DateTimeOffset now)
    {
        if (IsDefault)
        {
            throw new DomainException("sla-default-policy-required", "The default SLA policy cannot be deleted: cases that match no other policy fall back to it.");
        }

        Raise(new SlaPolicyDeleted(Id, now));
    }

    private void Apply(SlaPolicyDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.HoursMode == HoursMode.Business && details.CalendarId is null)
        {
            throw new DomainValidationException("calendarId", "Business hours mode needs a calendarId.");
        }

        if (details.IsDefault && !details.Conditions.MatchesEveryCase())
        {
            throw new DomainValidationException("conditions", "The default policy applies when no other policy matches, so it has no conditions.");
        }

        Name = details.Name;
        Position = details.Position;
        IsDefault = details.IsDefault;
        Conditions = details.Conditions;
        CalendarId = details.CalendarId;
        HoursMode = details.HoursMode;
        WarnAtPercent = details.WarnAtPercent;
        Targets = details.Targets;
        UpdatedAt = now;
    }
}

/// <summary>One kept revision of an SLA policy, as it was when it became current (<see cref="ValidFrom"/>).</summary>
public sealed class SlaPolicyVersion
{
    public SlaPolicyVersion(Guid policyId, int version, SlaPolicyDetails details, DateTimeOffset validFrom)
    {
        PolicyId = policyId;
        Version = version;
        Details = details;
        ValidFrom = validFrom;
    }

    private SlaPolicyVersion()
    {
        Details = null!;
    }

    public Guid PolicyId { get; private set; }

    public int Version { get; private set; }

    public SlaPolicyDetails Details { get; private set; }

    public DateTimeOffset ValidFrom { get; private set; }
}

/// <summary><c>sla.policy-created</c>: an SLA policy was created.</summary>
public sealed record SlaPolicyCreated(SlaPolicy Policy, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "sla.policy-created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(SlaPolicy.ResourceType, Policy.Id);
}

/// <summary><c>sla.policy-updated</c>: an SLA policy changed; its version went up, and cases keep the version they started with.</summary>
public sealed record SlaPolicyUpdated(SlaPolicy Policy, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "sla.policy-updated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(SlaPolicy.ResourceType, Policy.Id);
}

/// <summary><c>sla.policy-deleted</c>: an SLA policy was deleted; its versions stay readable for the cases that recorded them.</summary>
public sealed record SlaPolicyDeleted(Guid PolicyId, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "sla.policy-deleted";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(SlaPolicy.ResourceType, PolicyId);
}
