using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// The credentials of the test hosts: the issuer, audience and HS256 key they trust
/// (<see cref="ApiFactory.ConfigureTestHost"/>), tokens for any role, and the default caller of
/// every test client — an admin user, so tests about something else need no credential of their own.
/// </summary>
public static class TestCredentials
{
    public const string Issuer = "customer-retention-tests";
    public const string Audience = "customer-retention";
    public const string SigningKey = "test-signing-key-0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The user id (<c>sub</c>) of the default caller.</summary>
    public static Guid AdminId { get; } = Guid.Parse("0197a000-0000-7000-8000-00000000a0a0");

    /// <summary>What changes made by the default caller record as their actor.</summary>
    public static string AdminActor { get; } = "user:" + AdminId;

    /// <summary>A stable user id for a name, for tests that act as several users.</summary>
    public static Guid UserId(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

    /// <summary>
    /// A signed token; every part can be spoiled for the tests of refused tokens: the lifetime, the
    /// issuer, the audience, the signing key and the claims.
    /// </summary>
    public static string Token(
        string role = "admin",
        Guid? sub = null,
        string? name = null,
        TimeSpan? expiresIn = null,
        string issuer = Issuer,
        string audience = Audience,
        string signingKey = SigningKey,
        IReadOnlyDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(2));
        var all = new Dictionary<string, object>
        {
            ["sub"] = (sub ?? AdminId).ToString(),
            ["name"] = name ?? $"Test {role}",
            ["role"] = role,
        };
        foreach (var (key, value) in claims ?? new Dictionary<string, object>())
        {
            all[key] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = all,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A signed token with valid claims but no <c>exp</c> (and no <c>nbf</c>).</summary>
    public static string TokenWithoutExpiry() =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = AdminId.ToString(), ["name"] = "Forever", ["role"] = "admin" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string UnsignedToken(string role = "admin")
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{AdminId}}","name":"Mallory","role":"{{role}}","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{expires}}}""");
        return header + "." + payload + ".";
    }

    /// <summary>What changes made by the user <see cref="Bearer"/> names record as their actor.</summary>
    public static string UserActor(string name) => "user:" + UserId(name);

    /// <summary>An Authorization header for one request, as the user of this name (id <see cref="UserId"/>) and role.</summary>
    public static AuthenticationHeaderValue Bearer(string name, string role = "manager") => new("Bearer", Token(role, UserId(name), name));

    /// <summary>Makes <paramref name="client"/> call with a bearer token of this role (and no API key).</summary>
    public static HttpClient As(this HttpClient client, string role, Guid? sub = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, sub, name));
        return client;
    }

    /// <summary>Makes <paramref name="client"/> call with this API key (and no bearer token).</summary>
    public static HttpClient WithApiKey(this HttpClient client, string key)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Makes <paramref name="client"/> call without any credential.</summary>
    public static HttpClient Anonymous(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }
}
