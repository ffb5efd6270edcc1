using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Domain.Customers;

/// <summary>
/// A person or business the company sells to (SPEC §2). Archiving is a soft delete: the row
/// stays as a tombstone, and archived customers are invisible to reads and lists.
/// </summary>
public sealed class Customer
{
    private List<string> _tags = [];
    private List<string> _tagKeys = [];

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

    public static Customer Create(
        CustomerProfile profile,
        LifecycleStage stage,
        DateTimeOffset? stageEnteredAt,
        DateTimeOffset now)
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
        return customer;
    }

    /// <summary>Replaces the client-settable profile (a merge-patch has already been applied to it).</summary>
    public void UpdateProfile(CustomerProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        EnsureNotArchived();
        Apply(profile, now);
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

        if (profile.Tags.Count > CustomerLimits.MaxTags)
        {
            throw new ArgumentException($"At most {CustomerLimits.MaxTags} tags.", nameof(profile));
        }

        var keys = profile.Tags.Select(t => t.ToLowerInvariant()).ToList();
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new ArgumentException("Tags are unique regardless of case.", nameof(profile));
        }

        if (profile.Attributes.Count > CustomerLimits.MaxAttributes)
        {
            throw new ArgumentException($"At most {CustomerLimits.MaxAttributes} attributes.", nameof(profile));
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
