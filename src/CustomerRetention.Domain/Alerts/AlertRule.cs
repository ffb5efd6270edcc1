using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Alerts;

/// <summary>
/// What a rule is told to do, as validated and completed with the kind's defaults by the
/// application: <see cref="Params"/>, <see cref="Scope"/>, <see cref="Severity"/> and
/// <see cref="ActionsOnOpen"/> are JSON documents whose shape depends on <see cref="Kind"/>.
/// </summary>
public sealed record AlertRuleDetails(
    string Key,
    string Name,
    AlertKind Kind,
    string Params,
    string Scope,
    string Severity,
    int CooldownDays,
    bool AutoResolve,
    bool Enabled,
    string ActionsOnOpen,
    string? Description);

/// <summary>
/// An alert rule (SPEC §9.1): a kind with its parameters, the customers it looks at, how severe
/// its alerts are, the cool-down after a closed alert, whether an evaluation that finds the
/// condition false closes the alert, and a <see cref="Version"/> that every change increments
/// (alerts and evaluations record the version they came from). Deleting a rule keeps it, marked
/// deleted, so its alerts and evaluations still name it.
/// </summary>
public sealed class AlertRule : AggregateRoot
{
    public const string ResourceType = "alert-rule";
    public const int KeyMaxLength = 100;
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 1000;
    public const int MaxCooldownDays = 3650;

    private AlertRule()
    {
        Key = Name = Params = Scope = Severity = ActionsOnOpen = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    public AlertKind Kind { get; private set; }

    public string Params { get; private set; }

    public string Scope { get; private set; }

    public string Severity { get; private set; }

    public int CooldownDays { get; private set; }

    public bool AutoResolve { get; private set; }

    public bool Enabled { get; private set; }

    public string ActionsOnOpen { get; private set; }

    /// <summary>1 when created; incremented on every change.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>The row version (PostgreSQL <c>xmin</c>), the resource's ETag.</summary>
    public uint RowVersion { get; private set; }

    public AlertRuleDetails ToDetails() => new(Key, Name, Kind, Params, Scope, Severity, CooldownDays, AutoResolve, Enabled, ActionsOnOpen, Description);

    public static AlertRule Create(AlertRuleDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var rule = new AlertRule { Id = Guid.CreateVersion7(now), Version = 1, CreatedAt = now, UpdatedAt = now };
        rule.Apply(details);
        rule.Raise(new AlertRuleCreated(rule, now));
        return rule;
    }

    /// <summary>Applies new details; a change increments the version. The kind never changes (a different kind is a different rule).</summary>
    public void Update(AlertRuleDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.Kind != Kind)
        {
            throw new BuildingBlocks.DomainValidationException("kind", "'kind' cannot change: create a new rule for another kind.");
        }

        var changes = new FieldChanges()
            .Compare("key", Key, details.Key)
            .Compare("name", Name, details.Name)
            .Compare("description", Description, details.Description)
            .Compare("params", Params, details.Params)
            .Compare("scope", Scope, details.Scope)
            .Compare("severity", Severity, details.Severity)
            .Compare("cooldownDays", CooldownDays, details.CooldownDays)
            .Compare("autoResolve", AutoResolve, details.AutoResolve)
            .Compare("enabled", Enabled, details.Enabled)
            .Compare("actionsOnOpen", ActionsOnOpen, details.ActionsOnOpen);
        if (!changes.Any)
        {
            return;
        }

        Apply(details);
        Version++;
        UpdatedAt = now;
        Raise(new AlertRuleUpdated(this, changes.Names, now));
    }

    /// <summary>Marks the rule deleted: it is no longer listed or evaluated; its alerts stay and keep their status.</summary>
    public void Delete(DateTimeOffset now)
    {
        if (DeletedAt is not null)
        {
            return;
        }

        DeletedAt = now;
        Enabled = false;
        UpdatedAt = now;
        Raise(new AlertRuleDeleted(this, now));
    }

    private void Apply(AlertRuleDetails details)
    {
        Key = details.Key;
        Name = details.Name;
        Description = details.Description;
        Kind = details.Kind;
        Params = details.Params;
        Scope = details.Scope;
        Severity = details.Severity;
        CooldownDays = details.CooldownDays;
        AutoResolve = details.AutoResolve;
        Enabled = details.Enabled;
        ActionsOnOpen = details.ActionsOnOpen;
    }
}
