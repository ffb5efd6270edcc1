using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Domain.Customers;

/// <summary>
/// A person or business the company sells to (SPEC §2). Archiving is a soft delete: the row
/// stays as a tombstone, and archived customers are invisible to reads and lists.
/// </summary>
public sealed class Customer : AggregateRoot
{
    private List<string> _tags = [];
    private List<string> _tagKeys = [];
    private readonly List<StageTransition> _transitions = [];

    private Customer()
    {
        Name = string.Empty;
        Consent = Consent.None;
        Attributes = new Dictionary<string, object>();
    }

    public Guid Id { get; private set; }

    public string? ExternalId { get; private set; }

    public CustomerType Type { get; private set; }

    public string Name { get; private set; }

    public string? Company { get; private set; }

    public string? Email { get; private set; }

    /// <summary>The e-mail in lower case: duplicates are found regardless of case.</summary>
    public string? EmailKey { get; private set; }

    public string? Phone { get; private set; }

    public Address? Address { get; private set; }

    public DateOnly? Birthday { get; private set; }

    public IReadOnlyList<string> Tags => _tags;

    /// <summary>The tags in lower case, for case-insensitive filtering.</summary>
    public IReadOnlyList<string> TagKeys => _tagKeys;

    public IReadOnlyDictionary<string, object> Attributes { get; private set; }

    public Guid? OwnerId { get; private set; }

    public Consent Consent { get; private set; }

    public LifecycleStage LifecycleStage { get; private set; }

    public DateTimeOffset StageEnteredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ArchivedAt { get; private set; }

    public bool IsArchived => ArchivedAt is not null;

    /// <summary>The concurrency token (PostgreSQL <c>xmin</c>); the ETag derives from it.</summary>
    public uint Version { get; private set; }

    /// <summary>
    /// The stage history. Only transitions recorded through this instance are here unless the
    /// history was loaded; it is append-only either way.
    /// </summary>
    public IReadOnlyList<StageTransition> Transitions => _transitions;

    /// <summary>
    /// Creates a customer in <paramref name="stage"/>, recorded as the first history entry (source
    /// <c>import</c> when <paramref name="stageEnteredAt"/> is given, else <c>manual</c>).
    /// </summary>
    public static Customer Create(
        CustomerProfile profile,
        LifecycleStage stage,
        DateTimeOffset? stageEnteredAt,
        DateTimeOffset now,
        string actor = SystemActor)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var entered = stageEnteredAt ?? now;
        if (entered > now)
        {
            throw new ArgumentOutOfRangeException(nameof(stageEnteredAt), "The stage cannot be entered in the future.");
        }

        var customer = new Customer
        {
            Id = Guid.CreateVersion7(now),
            LifecycleStage = stage,
            StageEnteredAt = entered,
            CreatedAt = now,
        };
        customer.Apply(profile, now);
        customer._transitions.Add(new StageTransition(
            customer.Id, null, stage, entered, null, stageEnteredAt is null ? TransitionSource.Manual : TransitionSource.Import, actor, now));
        customer.Raise(new CustomerCreated(customer, now));
        return customer;
    }

    /// <summary>The actor of automatic changes.</summary>
    public const string SystemActor = "system";

    /// <summary>
    /// A manual transition (SPEC §3): only along the allowed-transition table, never to the
    /// current stage, with a reason when moving to <c>churned</c>, and dated between the previous
    /// transition and now.
    /// </summary>
    public StageTransition TransitionTo(LifecycleStage to, string? reason, DateTimeOffset? occurredAt, string actor, DateTimeOffset now)
    {
        EnsureNotArchived();
        if (to == LifecycleStage || !LifecycleGraph.IsAllowed(LifecycleStage, to))
        {
            var allowed = LifecycleGraph.AllowedFrom(LifecycleStage);
            var why = to == LifecycleStage ? $"The customer is already in '{Key(to)}'." : $"'{Key(LifecycleStage)}' cannot move to '{Key(to)}'.";
            throw new DomainException(
                TransitionNotAllowedCode,
                $"{why} Allowed from '{Key(LifecycleStage)}': {string.Join(", ", allowed.Select(Key))}.",
                new Dictionary<string, object?>
                {
                    ["currentStage"] = Key(LifecycleStage),
                    ["allowedTransitions"] = allowed.Select(Key).ToArray(),
                });
        }

        if (to == LifecycleStage.Churned && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainValidationException("reason", "A reason is required when a customer moves to 'churned'.");
        }

        return Record(to, reason?.Trim(), occurredAt ?? now, TransitionSource.Manual, actor, now);
    }

    /// <summary>
    /// The automatic transitions a completed order causes (SPEC §3): a prospect's first purchase
    /// or a churned customer's win-back moves them to <c>retention</c>, dated at the order (or at
    /// the latest transition, if the order is older). Returns null when the stage stays.
    /// </summary>
    public StageTransition? RecordCompletedOrder(DateTimeOffset orderedAt, DateTimeOffset now)
    {
        EnsureNotArchived();
        string? reason = LifecycleStage switch
        {
            _ when LifecycleGraph.IsProspect(LifecycleStage) => "first purchase",
            LifecycleStage.Churned => "win-back",
            _ => null,
        };
        if (reason is null)
        {
            return null;
        }

        var at = orderedAt < StageEnteredAt ? StageEnteredAt : orderedAt;
        return Record(LifecycleStage.Retention, reason, at, TransitionSource.Automatic, SystemActor, now);
    }

    public const string TransitionNotAllowedCode = "lifecycle-transition-not-allowed";

    private StageTransition Record(LifecycleStage to, string? reason, DateTimeOffset at, TransitionSource source, string actor, DateTimeOffset now)
    {
        if (at > now)
        {
            throw new DomainValidationException("occurredAt", "A transition cannot happen in the future.");
        }

        if (at < StageEnteredAt)
        {
            throw new DomainValidationException(
                "occurredAt",
                $"A transition cannot be dated before the previous one ({StageEnteredAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}).");
        }

        var transition = new StageTransition(Id, LifecycleStage, to, at, reason, source, actor, now);
        _transitions.Add(transition);
        LifecycleStage = to;
        StageEnteredAt = at;
        UpdatedAt = now;
        Raise(new StageChanged(transition));
        return transition;
    }

    private static string Key(LifecycleStage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>
    /// Replaces the client-settable profile (a merge-patch has already been applied to it). A
    /// profile equal to the current one changes nothing (not even <see cref="UpdatedAt"/>) and
    /// raises no event; returns whether anything changed.
    /// </summary>
    public bool UpdateProfile(CustomerProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        EnsureNotArchived();
        var before = ToProfile();
        var changes = new FieldChanges()
            .Compare("type", before.Type, profile.Type)
            .Compare("name", before.Name, profile.Name)
            .Compare("externalId", before.ExternalId, profile.ExternalId)
            .Compare("company", before.Company, profile.Company)
            .Compare("email", before.Email, profile.Email)
            .Compare("phone", before.Phone, profile.Phone)
            .Compare("address", before.Address, profile.Address)
            .Compare("birthday", before.Birthday, profile.Birthday)
            .CompareSequence("tags", before.Tags, profile.Tags)
            .CompareMap("attributes", before.Attributes, profile.Attributes)
            .Compare("ownerId", before.OwnerId, profile.OwnerId)
            .Compare("consent", before.Consent, profile.Consent);
        if (!changes.Any)
        {
            return false;
        }

        Apply(profile, now);
        Raise(new CustomerUpdated(this, changes.Names, changes.Previous, now));
        return true;
    }

    /// <summary>The profile as it is now, to which a merge-patch is applied.</summary>
    public CustomerProfile ToProfile() => new(
        Type, Name, ExternalId, Company, Email, Phone, Address, Birthday, _tags.ToArray(),
        new Dictionary<string, object>(Attributes), OwnerId, Consent);

    public void Archive(DateTimeOffset now)
    {
        EnsureNotArchived();
        ArchivedAt = now;
        UpdatedAt = now;
        Raise(new CustomerArchived(Id, now));
    }

    private void EnsureNotArchived()
    {
        if (IsArchived)
        {
            throw new InvalidOperationException($"Customer {Id} is archived.");
        }
    }

    private void Apply(CustomerProfile profile, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(profile.Name) || profile.Name.Length > CustomerLimits.NameMaxLength)
        {
            throw new ArgumentException($"A name is 1–{CustomerLimits.NameMaxLength} characters.", nameof(profile));
        }

        if (profile.Tags.Count > CustomerLimits.MaxTags
            || profile.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > CustomerLimits.TagMaxLength))
        {
            throw new ArgumentException($"At most {CustomerLimits.MaxTags} tags of 1–{CustomerLimits.TagMaxLength} characters.", nameof(profile));
        }

        var keys = profile.Tags.Select(t => t.ToLowerInvariant()).ToList();
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new ArgumentException("Tags are unique regardless of case.", nameof(profile));
        }

        if (profile.Attributes.Count > CustomerLimits.MaxAttributes
            || profile.Attributes.Keys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > CustomerLimits.AttributeKeyMaxLength))
        {
            throw new ArgumentException($"At most {CustomerLimits.MaxAttributes} attributes with keys of 1–{CustomerLimits.AttributeKeyMaxLength} characters.", nameof(profile));
        }

        Type = profile.Type;
        Name = profile.Name;
        ExternalId = profile.ExternalId;
        Company = profile.Company;
        Email = profile.Email;
        EmailKey = profile.Email?.ToLowerInvariant();
        Phone = profile.Phone;
        Address = profile.Address;
        Birthday = profile.Birthday;
        _tags = [.. profile.Tags];
        _tagKeys = keys;
        Attributes = new Dictionary<string, object>(profile.Attributes);
        OwnerId = profile.OwnerId;
        Consent = profile.Consent;
        UpdatedAt = now;
    }
}
