using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// The real API in-process (<see cref="WebApplicationFactory{TEntryPoint}"/>) on its own
/// PostgreSQL database, created from the migrated template for the test class and dropped after
/// it, whether its tests passed or not. The server is the shared one unless a derived factory
/// chooses its own (<see cref="ServerAsync"/>).
/// </summary>
public class ApiFactory : TestHostFactory, IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _connectionString;
    private readonly string _database = "t_" + Guid.NewGuid().ToString("N");

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not initialised.");

    private protected PostgresServer Database => _server ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _server = await ServerAsync();
        _connectionString = await _server.CreateDatabaseAsync(_database);
    }

    /// <summary>The server this factory's database lives on (disposed with the factory).</summary>
    private protected virtual Task<PostgresServer> ServerAsync() => PostgresServer.GetAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_server is not null)
        {
            await using (_server)
            {
                await _server.DropDatabaseAsync(_database);
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => ConfigureTestHost(builder, ConnectionString);

    /// <summary>
    /// The settings every in-process API of the tests runs with: the Testing environment (which,
    /// like Production, needs its own cursor key), the given database, no migration, no demo data,
    /// and the test issuer, audience and signing key (<see cref="TestCredentials"/>).
    /// </summary>
    public static void ConfigureTestHost(IWebHostBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Pagination:CursorKey", TestCursorKey);
        builder.UseSetting("Auth:Issuer", TestCredentials.Issuer);
        builder.UseSetting("Auth:Audience", TestCredentials.Audience);
        builder.UseSetting("Auth:SigningKey", TestCredentials.SigningKey);

        // The suite sends thousands of requests as one caller (the fuzz alone some 2 300); the
        // rate-limit tests switch the limits back on (Hosting/RateLimitTests).
        builder.UseSetting("RateLimits:Enabled", "false");

        // No webhook delivery in the background of other tests (the access matrix compares database
        // fingerprints while requests run); the webhook tests start their worker (Webhooks/WebhookHosts).
        builder.UseSetting("Webhooks:Worker", "false");

        // No daily alert evaluation firing in the middle of a test (the alert tests evaluate on demand).
        builder.UseSetting("Jobs:Alerts:Schedule", "none");

        // Nor the segment-entered and event-kind reactions moving their cursors while a test compares
        // database fingerprints; Alerts/SegmentEnteredReactionTests and Alerts/NpsDetractorTests turn them on.
        builder.UseSetting("Alerts:ReactToRfmRuns", "false");
        builder.UseSetting("Alerts:ReactToEvents", "false");
        builder.UseSetting("FollowUps:ReactToAlerts", "false");

        // Nor the survey expiry (Surveys/SurveySendTests runs it on demand).
        builder.UseSetting("Jobs:SurveyExpiry:Schedule", "none");
        builder.UseSetting("Jobs:SlaTick:Schedule", "none");
    }

    /// <summary>The cursor key of the test hosts (a test secret, never used outside the tests).</summary>
    public const string TestCursorKey = "test-cursor-key-0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The typed client of the tests (<see cref="ApiClient"/>) over a new in-process client.</summary>
    public ApiClient CreateApiClient() => new(CreateClient());

    /// <summary>A client calling as a user of this role (a bearer token; <paramref name="sub"/> defaults to the admin's id).</summary>
    public HttpClient AsRole(string role, Guid? sub = null) => CreateClient().As(role, sub);

    /// <summary>A client calling with this API key instead of a token.</summary>
    public HttpClient WithApiKey(string key) => CreateClient().WithApiKey(key);

    /// <summary>A client without any credential.</summary>
    public HttpClient CreateAnonymousClient() => CreateClient().Anonymous();

    /// <summary>Runs a scalar SQL query against this class's database (to check state directly).</summary>
    public Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(ConnectionString, sql);

    /// <summary>Runs a SQL statement against this class's database (e.g. ANALYZE).</summary>
    public Task ExecuteAsync(string sql) => Sql.ExecuteAsync(ConnectionString, sql);

    /// <summary>
    /// A fingerprint of every row of every table of the application (the migrations history
    /// aside; see <see cref="DatabaseFingerprint"/>): equal before and after a request means it changed nothing.
    /// </summary>
    public async Task<string> DatabaseFingerprintAsync()
    {
        await using var fingerprint = await DatabaseFingerprint.OpenAsync(ConnectionString);
        return string.Join(' ', (await fingerprint.TakeAsync()).Select(t => $"{t.Key}={t.Value}"));
    }

    /// <summary>A fingerprint of every customer row: equal before and after means nothing changed.</summary>
    public Task<string> CustomersFingerprintAsync() =>
        ScalarAsync<string>("SELECT count(*) || ':' || coalesce(md5(string_agg(c::text, '|' ORDER BY id)), '') FROM customers c");
}

/// <summary>HTTP helpers shared by the API tests.</summary>
public static class Requests
{
    public static StringContent Json(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    public static StringContent Json(object body, string mediaType = "application/json") =>
        new(JsonSerializer.Serialize(body, JsonOptions), Encoding.UTF8, mediaType);

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>A PATCH through <see cref="ApiClient.PatchAsync"/>.</summary>
    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string uri, object body, string? ifMatch = null, string mediaType = "application/merge-patch+json") =>
        new ApiClient(client).PatchAsync(uri, body, ifMatch, mediaType);

    /// <summary>Creates a customer through the API and returns its JSON (<see cref="ApiClient.CreateCustomerAsync"/>).</summary>
    public static Task<JsonObject> CreateCustomerAsync(this HttpClient client, object body) => new ApiClient(client).CreateCustomerAsync(body);

    /// <summary>Asserts an RFC 9457 problem with the given status and returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        foreach (var member in new[] { "type", "title", "detail", "instance", "traceId" })
        {
            Assert.True(problem[member] is JsonValue, $"problem lacks '{member}': {body}");
        }

        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>The member names of a validation problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorKeys(this JsonObject problem) =>
        problem["errors"] is JsonObject errors ? errors.Select(e => e.Key).ToList() : [];
}
