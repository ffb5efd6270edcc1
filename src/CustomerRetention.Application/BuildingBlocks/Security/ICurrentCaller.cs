using CustomerRetention.Domain.Access;

namespace CustomerRetention.Application.BuildingBlocks.Security;

/// <summary>Whether a caller is a person (a bearer token) or an integration (an API key).</summary>
public enum CallerKind
{
    User,
    ApiKey,
}

/// <summary>
/// The authenticated caller of a request: the user id (<c>sub</c>) or API key id, its name and
/// role. <see cref="Actor"/> is what changes record as their actor: stable ids, since names change.
/// </summary>
public sealed record Caller(Guid Id, string Name, Role Role, CallerKind Kind)
{
    public string Actor => (Kind == CallerKind.User ? "user:" : "api-key:") + Id.ToString();
}

/// <summary>The caller of the current request, read from its credential; null outside a request.</summary>
public interface ICurrentCaller
{
    Caller? Caller { get; }
}
