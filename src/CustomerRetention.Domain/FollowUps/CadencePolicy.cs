using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.FollowUps;

/// <summary>Which customers a policy covers: each non-empty list must match (stage, RFM segment, any tag); empty lists match everyone.</summary>
public sealed record CadenceScope(IReadOnlyList<string> Stages, IReadOnlyList<string> Segments, IReadOnlyList<string> Tags);

/// <summary>
/// One value tier: customers in one of <see cref="Segments"/> (latest succeeded RFM run), or with a
/// CLV of at least <see cref="MinClv"/> (latest succeeded CLV model), or everyone when neither is
/// set. <see cref="IntervalDays"/> null: no cadence for the tier.
/// </summary>
public sealed record CadenceTier(string Name, IReadOnlyList<string>? Segments, decimal? MinClv, int? IntervalDays);

/// <summary>An interaction channel and direction that counts as a touch (their API spellings: <c>phone</c>, <c>outbound</c>).</summary>
public sealed record TouchType(string Channel, string Direction);

/// <summary>What a client may set on a cadence policy.</summary>
public sealed record CadencePolicyDetails(
    string Name,
    CadenceScope Scope,
    IReadOnlyList<CadenceTier> Tiers,
    TaskType TaskType,
    IReadOnlyList<TouchType> TouchTypes,
    bool Enabled);

/// <summary>
/// Keeps in touch by value tier (SPEC §9.2): the daily follow-up run gives each customer in scope
/// one open cadence task due <c>last touch + intervalDays</c> of its first matching tier.
/// <see cref="Revision"/> counts the changes, so each task says which version created it.
/// </summary>
public sealed class CadencePolicy : AggregateRoot
{
    public const string ResourceType = "cadence-policy";

    /// <summary>The default touch types: outbound phone, email, sms, wechat, visit and meeting.</summary>
    public static IReadOnlyList<TouchType> DefaultTouchTypes { get; } =
        new[] { "phone", "email", "sms", "wechat", "visit", "meeting" }.Select(c => new TouchType(c, "outbound")).ToArray();

    private CadencePolicy()
    {
        Name = string.Empty;
        Scope = new CadenceScope([], [], []);
        Tiers = [];
        TouchTypes = [];
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public CadenceScope Scope { get; private set; }

    public IReadOnlyList<CadenceTier> Tiers { get; private set; }

    public TaskType TaskType { get; private set; }

    public IReadOnlyList<TouchType> TouchTypes { get; private set; }

    public bool Enabled { get; private set; }

    public int Revision { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static CadencePolicy Create(CadencePolicyDetails details, DateTimeOffset now)
    {
        var policy = new CadencePolicy { Id = Guid.CreateVersion7(now), CreatedAt = now, Revision = 1 };
        policy.Apply(details, now);
        policy.Raise(new CadencePolicyCreated(policy, now));
        return policy;
    }

    public CadencePolicyDetails ToDetails() => new(Name, Scope, Tiers, TaskType, TouchTypes, Enabled);

    public void Update(CadencePolicyDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var before = ToDetails();
        var changes = new FieldChanges()
            .Compare("name", before.Name, details.Name)
            .Compare("scope", Json(before.Scope), Json(details.Scope))
            .Compare("tiers", Json(before.Tiers), Json(details.Tiers))
            .Compare("taskType", before.TaskType, details.TaskType)
            .Compare("touchTypes", Json(before.TouchTypes), Json(details.TouchTypes))
            .Compare("enabled", before.Enabled, details.Enabled);
        if (!changes.Any)
        {
            return;
        }

        Apply(details, now);
        Revision++;
        Raise(new CadencePolicyUpdated(this, changes.Names, now));
    }

    public void MarkDeleted(DateTimeOffset now) => Raise(new CadencePolicyDeleted(Id, now));

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    private void Apply(CadencePolicyDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.Tiers.Count == 0)
        {
            throw new ArgumentException("A cadence policy needs at least one tier.", nameof(details));
        }

        Name = details.Name;
        Scope = details.Scope;
        Tiers = details.Tiers;
        TaskType = details.TaskType;
        TouchTypes = details.TouchTypes.Count == 0 ? DefaultTouchTypes : details.TouchTypes;
        Enabled = details.Enabled;
        UpdatedAt = now;
    }
}

/// <summary><c>cadence.policy-created</c>: a cadence policy was created.</summary>
public sealed record CadencePolicyCreated(CadencePolicy Policy, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "cadence.policy-created";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(CadencePolicy.ResourceType, Policy.Id);
}

/// <summary><c>cadence.policy-updated</c>: a cadence policy changed (its version went up).</summary>
public sealed record CadencePolicyUpdated(CadencePolicy Policy, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "cadence.policy-updated";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(CadencePolicy.ResourceType, Policy.Id);
}

/// <summary><c>cadence.policy-deleted</c>: a cadence policy was deleted; its open tasks stay until worked or cancelled.</summary>
public sealed record CadencePolicyDeleted(Guid PolicyId, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "cadence.policy-deleted";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(CadencePolicy.ResourceType, PolicyId);
}
