using System.Security.Claims;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Access;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// The claims of a caller, the same for both schemes: <c>sub</c> (the user id or API key id),
/// <c>name</c> and <c>role</c>. Which scheme made the identity (its authentication type) tells a
/// user from a key, so no token can claim to be a key.
/// </summary>
public static class CallerClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>The identity the API key scheme issues for a key.</summary>
    public static ClaimsPrincipal ForApiKey(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        Claim[] claims =
        [
            new(Subject, caller.Id.ToString()),
            new(Name, caller.Name),
            new(Role, Roles.Name(caller.Role)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CredentialSchemes.ApiKey, Name, Role));
    }

    /// <summary>The caller of an authenticated principal, or null when it is not authenticated.</summary>
    public static Caller? Read(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity
            || !Guid.TryParse(identity.FindFirst(Subject)?.Value, out var id)
            || Roles.Parse(identity.FindFirst(Role)?.Value) is not { } role)
        {
            return null;
        }

        var kind = identity.AuthenticationType == CredentialSchemes.ApiKey ? CallerKind.ApiKey : CallerKind.User;
        return new Caller(id, identity.FindFirst(Name)?.Value ?? string.Empty, role, kind);
    }

    /// <summary>
    /// What a valid token must also carry: <c>sub</c> a UUID (the user id) and <c>role</c> one of the
    /// roles; null when it does, else why not.
    /// </summary>
    public static string? TokenProblem(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!Guid.TryParse(principal.FindFirst(Subject)?.Value, out _))
        {
            return "The bearer token's 'sub' claim must be a UUID (the user id).";
        }

        return principal.FindAll(Role).Count() == 1 && Roles.Parse(principal.FindFirst(Role)?.Value) is not null
            ? null
            : $"The bearer token must carry exactly one 'role' claim, one of: {string.Join(", ", Enum.GetValues<Domain.Access.Role>().Select(Roles.Name))}.";
    }
}
