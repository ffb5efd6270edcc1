using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Access;

/// <summary>
/// A named credential for an integration (SPEC §11): a role, an optional expiry, revocable with
/// immediate effect. The key text is never stored, only its lookup prefix and salted hash
/// (<see cref="ApiKeySecret"/>), so it can be shown once, when issued.
/// </summary>
public sealed class ApiKey : AggregateRoot
{
    public const int NameMaxLength = 100;

    private ApiKey()
    {
        Name = string.Empty;
        Prefix = string.Empty;
        Salt = [];
        Hash = [];
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public Role Role { get; private set; }

    public string Prefix { get; private set; }

    public byte[] Salt { get; private set; }

    public byte[] Hash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Issues a key for <paramref name="key"/> (the text the caller is shown once).</summary>
    public static ApiKey Issue(string key, string name, Role role, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new DomainValidationException("expiresAt", "Must be in the future.");
        }

        var salt = ApiKeySecret.NewSalt();
        var apiKey = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Role = role,
            Prefix = ApiKeySecret.LookupPrefix(key),
            Salt = salt,
            Hash = ApiKeySecret.Hash(key, salt),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        apiKey.Raise(new ApiKeyCreated(apiKey, now));
        return apiKey;
    }

    /// <summary>Whether <paramref name="key"/> is this key and may be used at <paramref name="now"/>.</summary>
    public bool Accepts(string key, DateTimeOffset now) =>
        RevokedAt is null && (ExpiresAt is not { } expiry || expiry > now) && ApiKeySecret.Matches(key, Salt, Hash);

    /// <summary>Revokes the key: from now on it is refused. Revoking twice changes nothing.</summary>
    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return;
        }

        RevokedAt = now;
        Raise(new ApiKeyRevoked(this, now));
    }
}
