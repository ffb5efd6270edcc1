using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>
/// A stand-in OpenID Connect provider on a loopback port: its discovery document and the public
/// half of an RSA key (JWKS), and tokens signed with the private half.
/// </summary>
public sealed class StubIdentityProvider : IAsyncDisposable
{
    public const string KeyId = "stub-key-1";

    private readonly RSA _key = RSA.Create(2048);
    private readonly WebApplication _app;

    private StubIdentityProvider(WebApplication app, Uri address) => (_app, Authority) = (app, address);

    /// <summary>The authority (and issuer), e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Authority { get; }

    public static async Task<StubIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        StubIdentityProvider? provider = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = provider!.Issuer,
            jwks_uri = provider.Issuer + "/jwks",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var parameters = provider!._key.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
                },
            });
        });
        await app.StartAsync();
        provider = new StubIdentityProvider(app, new Uri(app.Urls.First()));
        return provider;
    }

    public string Issuer => Authority.ToString().TrimEnd('/');

    /// <summary>A token of this provider (or, with <paramref name="foreignKey"/>, one signed by another key under the same key id).</summary>
    public string Token(string role, Guid sub, string audience = TestCredentials.Audience, bool foreignKey = false)
    {
        using var other = foreignKey ? RSA.Create(2048) : null;
        var key = new RsaSecurityKey(other ?? _key) { KeyId = KeyId };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["sub"] = sub.ToString(), ["name"] = "Olga Oidc", ["role"] = role },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>The API trusting an OpenID Connect authority (<c>Auth:Authority</c>) instead of a shared signing key.</summary>
public sealed class AuthorityApiFactory : ApiFactory
{
    private StubIdentityProvider? _provider;

    public StubIdentityProvider Provider => _provider ??= StubIdentityProvider.StartAsync().GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:SigningKey", string.Empty);
        builder.UseSetting("Auth:Issuer", string.Empty);
        builder.UseSetting("Auth:Authority", Provider.Issuer);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}

/// <summary>
/// With <c>Auth:Authority</c> the API reads the provider's discovery document and keys: its tokens
/// are accepted with their role; one signed by another key, for another audience, or of the
/// shared-key kind is 401.
/// </summary>
public sealed class OpenIdAuthorityTests(AuthorityApiFactory api) : IClassFixture<AuthorityApiFactory>
{
    [Fact]
    public async Task A_token_of_the_authority_is_accepted_with_its_role()
    {
        using var client = api.CreateAnonymousClient();
        var sub = Guid.CreateVersion7();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Provider.Token("viewer", sub));

        using var me = await client.GetAsync("/api/v1/me");
        var body = await me.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(sub, body["id"]!.GetValue<Guid>());
        Assert.Equal("viewer", body["role"]!.GetValue<string>());
        using var write = await client.PostAsync("/api/v1/customers", Requests.Json(new { type = "individual", name = "Not by a viewer" }));
        await write.AssertProblemAsync(403);
    }

    [Theory]
    [InlineData("another key")]
    [InlineData("another audience")]
    [InlineData("a shared-key token")]
    public async Task Other_tokens_are_401(string why)
    {
        var token = why switch
        {
            "another key" => api.Provider.Token("admin", Guid.CreateVersion7(), foreignKey: true),
            "another audience" => api.Provider.Token("admin", Guid.CreateVersion7(), audience: "someone-else"),
            _ => TestCredentials.Token("admin"),
        };
        using var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("/api/v1/me");
        await response.AssertProblemAsync(401);
    }
}
