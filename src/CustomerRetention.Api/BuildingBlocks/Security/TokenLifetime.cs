using Microsoft.IdentityModel.Tokens;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// Judges a token's <c>nbf</c> and <c>exp</c> by the application's <see cref="TimeProvider"/>
/// (the token handler would read the wall clock), with the same skew and the same refusals: no
/// <c>exp</c>, not yet valid, expired.
/// </summary>
internal static class TokenLifetime
{
    public static LifetimeValidator On(TimeProvider clock, TimeSpan skew) => (notBefore, expires, _, _) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } start && start > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = start };
        }

        return expiry >= now - skew ? true : throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
    };
}
