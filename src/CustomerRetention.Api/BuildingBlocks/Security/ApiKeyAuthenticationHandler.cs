using System.Text.Encodings.Web;
using CustomerRetention.Application.Access.AuthenticateApiKey;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// The API key scheme: one <c>X-Api-Key</c> header, checked against the <c>api_keys</c> table on
/// every request (so a revocation or an expiry applies to the next request). A key in the query
/// string is refused even when it is valid. Challenges and forbids are answered by
/// <see cref="CredentialProblems"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (CredentialSchemes.HasCredentialInQuery(Request))
        {
            return Refuse("Credentials are accepted only in headers (X-Api-Key or Authorization), never in the query string, where logs and histories keep them.");
        }

        var values = Request.Headers[CredentialSchemes.ApiKeyHeader];
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return Refuse("Send exactly one non-empty X-Api-Key header.");
        }

        var sender = Context.RequestServices.GetRequiredService<ISender>();
        var caller = await sender.Send(new AuthenticateApiKeyQuery(values[0]!.Trim()), Context.RequestAborted);
        return caller is null
            ? Refuse("The API key is unknown, revoked or expired.")
            : AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ForApiKey(caller), Scheme.Name));
    }

    private static AuthenticateResult Refuse(string detail) => AuthenticateResult.Fail(new CredentialRefusedException(detail));
}
