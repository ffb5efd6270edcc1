using System.Text;
using CustomerRetention.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// Authentication and authorization with ASP.NET Core's own machinery (ADR 17): JWT bearer for
/// people, validated locally against <c>Auth:SigningKey</c> (HS256) or through the OpenID Connect
/// discovery of <c>Auth:Authority</c>; API keys for integrations; a policy scheme that forwards to
/// one of them; named policies and a fallback that denies. Bad settings stop the start-up with
/// the setting named, rather than a running API that refuses every token.
/// </summary>
public static class CredentialSetup
{
    /// <summary>The shortest HS256 signing key accepted, in bytes (RFC 7518 §3.2: at least the hash size).</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>How far token lifetimes may be off between the issuer's clock and ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddCredentials(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var jwt = JwtSettings(configuration);
        BootstrapApiKey.Read(configuration);

        services.AddAuthentication(CredentialSchemes.Credential)
            .AddPolicyScheme(CredentialSchemes.Credential, "Bearer token or API key", options => options.ForwardDefaultSelector = CredentialSchemes.Select)
            .AddJwtBearer(CredentialSchemes.Bearer, jwt)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CredentialSchemes.ApiKey, null);

        // Token lifetimes are judged by the application's clock, like API key expiry.
        services.AddOptions<JwtBearerOptions>(CredentialSchemes.Bearer).Configure<TimeProvider>((options, clock) =>
            options.TokenValidationParameters.LifetimeValidator = TokenLifetime.On(clock, ClockSkew));
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, CredentialProblems>();
        return services;
    }

    private static Action<JwtBearerOptions> JwtSettings(IConfiguration configuration)
    {
        var issuer = Setting(configuration, "Auth:Issuer");
        var audience = Setting(configuration, "Auth:Audience");
        var signingKey = Setting(configuration, "Auth:SigningKey");
        var authority = Setting(configuration, "Auth:Authority");
        if (signingKey is not null && authority is not null)
        {
            throw new InvalidOperationException("Set either Auth:SigningKey or Auth:Authority, not both.");
        }

        if (signingKey is not null && (Encoding.UTF8.GetByteCount(signingKey) < MinimumSigningKeyBytes || issuer is null || audience is null))
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey must be at least {MinimumSigningKeyBytes} bytes of text (for example: openssl rand -base64 48), "
                + "and Auth:Issuer and Auth:Audience must be set with it.");
        }

        if (authority is not null && audience is null)
        {
            throw new InvalidOperationException("Auth:Audience must be set with Auth:Authority.");
        }

        return options =>
        {
            options.MapInboundClaims = false;
            options.Authority = authority;

            // The authority's discovery document and keys come over HTTPS; `false` only for a
            // local identity provider (or a test's) on plain HTTP.
            options.RequireHttpsMetadata = configuration.GetValue("Auth:RequireHttpsMetadata", true);
            options.Audience = audience;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidateIssuer = issuer is not null || authority is not null,
                ValidAudience = audience,
                IssuerSigningKey = signingKey is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
                ValidAlgorithms = signingKey is null ? null : [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = ClockSkew,
                NameClaimType = CallerClaims.Name,
                RoleClaimType = CallerClaims.Role,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (CallerClaims.TokenProblem(context.Principal!) is { } problem)
                    {
                        context.Fail(new CredentialRefusedException(problem));
                    }

                    return Task.CompletedTask;
                },
            };
        };
    }

    private static string? Setting(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : null;
}
