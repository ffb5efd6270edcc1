using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// Answers refused requests like every other error of the API: an RFC 9457 problem with a
/// <c>code</c> — <c>401</c> with <c>WWW-Authenticate</c> (both schemes, and why the credential was
/// refused) when there is no valid credential, <c>403</c> when the caller's role lacks the right.
/// Nothing of the endpoint runs, so a refused request changes nothing.
/// </summary>
public sealed class CredentialProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            await ChallengeAsync(context);
        }
        else if (authorizeResult.Forbidden)
        {
            var role = CallerClaims.Read(context.User)?.Role is { } known ? Roles.Name(known) : "none";
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"The caller's role ({role}) does not allow this request.", "forbidden");
        }
        else
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private async Task ChallengeAsync(HttpContext context)
    {
        var scheme = CredentialSchemes.Select(context);
        var failure = (await context.AuthenticateAsync(scheme)).Failure;
        var bearer = scheme == CredentialSchemes.Bearer && failure is not null ? "Bearer error=\"invalid_token\"" : "Bearer";
        var apiKey = scheme == CredentialSchemes.ApiKey && failure is not null
            ? $"ApiKey header=\"{CredentialSchemes.ApiKeyHeader}\", error=\"invalid_key\""
            : $"ApiKey header=\"{CredentialSchemes.ApiKeyHeader}\"";
        context.Response.Headers.WWWAuthenticate = new[] { bearer, apiKey };
        if (failure is null)
        {
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "This request needs a credential: a bearer token (Authorization: Bearer <JWT>) or an API key (X-Api-Key).", "authentication-required");
        }
        else
        {
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", Reason(failure), "invalid-credential");
        }
    }

    /// <summary>Why a credential failed, without echoing it.</summary>
    private static string Reason(Exception failure) => failure switch
    {
        CredentialRefusedException e => e.Message,
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
        SecurityTokenNoExpirationException => "The bearer token has no expiry (exp).",
        SecurityTokenInvalidIssuerException => "The bearer token comes from an issuer this API does not trust.",
        SecurityTokenInvalidAudienceException => "The bearer token is meant for another audience.",
        SecurityTokenInvalidAlgorithmException => "The bearer token's signing algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is missing or not valid.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is malformed.",
        _ => "The bearer token is not valid.",
    };

    private async Task WriteAsync(HttpContext context, int status, string title, string detail, string code)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
