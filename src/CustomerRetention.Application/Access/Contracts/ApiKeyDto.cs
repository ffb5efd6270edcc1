using CustomerRetention.Domain.Access;

namespace CustomerRetention.Application.Access.Contracts;

/// <summary>An API key as lists show it: never the key itself, only the prefix that identifies it.</summary>
public record ApiKeyDto
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public Role Role { get; init; }

    /// <summary>The 8 characters after <c>cr_</c> in the key, to tell keys apart.</summary>
    public required string Prefix { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked (it is refused since), or null.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A key just issued: the listed fields and, this once, the key itself.</summary>
public sealed record IssuedApiKeyDto : ApiKeyDto
{
    /// <summary>The key for the <c>X-Api-Key</c> header. Shown only in this response; it cannot be read again.</summary>
    public required string Key { get; init; }
}
