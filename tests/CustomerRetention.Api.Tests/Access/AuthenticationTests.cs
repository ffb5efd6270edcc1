using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>
/// Default deny (SPEC §11): every refused credential is a 401 problem with <c>WWW-Authenticate</c>,
/// a known caller without the right a 403, and neither changes a row.
/// </summary>
public sealed class AuthenticationTests(BootstrapKeyApiFactory api) : IClassFixture<BootstrapKeyApiFactory>
{
    private static readonly object NewCustomer = new { type = "individual", name = "Refused" };

    public static TheoryData<string, string?> RefusedBearers => new()
    {
        { "missing", null },
        { "malformed", "not-a-jwt" },
        { "expired", TestCredentials.Token(expiresIn: TimeSpan.FromMinutes(-10)) },
        { "wrong signature", TestCredentials.Token(signingKey: "another-signing-key-0123456789abcdefghijklmnop") },
        { "wrong issuer", TestCredentials.Token(issuer: "https://evil.example.net") },
        { "wrong audience", TestCredentials.Token(audience: "another-api") },
        { "alg none", TestCredentials.UnsignedToken() },
        { "no expiry", TestCredentials.TokenWithoutExpiry() },
        { "sub not a UUID", TestCredentials.Token(claims: new Dictionary<string, object> { ["sub"] = "alice" }) },
        { "unknown role", TestCredentials.Token(role: "root") },
    };

    [Theory]
    [MemberData(nameof(RefusedBearers))]
    public async Task A_refused_bearer_token_is_401_with_WWW_Authenticate_and_changes_nothing(string why, string? token)
    {
        using var client = api.CreateAnonymousClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var before = await api.DatabaseFingerprintAsync();
        using var response = await client.PostAsync("/api/v1/customers", Requests.Json(NewCustomer));

        var problem = await response.AssertProblemAsync(401);
        Assert.True(response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"), why);
        Assert.Equal(token is null ? "authentication-required" : "invalid-credential", problem["code"]!.GetValue<string>());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task An_unknown_api_key_is_401()
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await api.WithApiKey("cr_unknown0_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG").PostAsync("/api/v1/customers", Requests.Json(NewCustomer));

        Assert.Equal("invalid-credential", (await response.AssertProblemAsync(401))["code"]!.GetValue<string>());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("apiKey")]
    [InlineData("access_token")]
    [InlineData("q")]
    public async Task A_key_in_the_query_string_is_401_even_when_valid(string parameter)
    {
        using var response = await api.CreateAnonymousClient().GetAsync($"/api/v1/customers?{parameter}={Uri.EscapeDataString(BootstrapKeyApiFactory.Key)}");

        var problem = await response.AssertProblemAsync(401);
        Assert.Contains("query string", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request()
    {
        var issued = await api.CreateApiClient().CreateApiKeyAsync("shop-sync", "integration");
        using var client = api.WithApiKey(issued["key"]!.GetValue<string>());
        using (var allowed = await client.GetAsync("/api/v1/customers"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var revoked = await api.CreateClient().DeleteAsync($"/api/v1/api-keys/{issued["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/customers");
        await refused.AssertProblemAsync(401);
        using var again = await api.CreateClient().DeleteAsync($"/api/v1/api-keys/{issued["id"]}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Fact]
    public async Task An_expired_key_is_401()
    {
        var issued = await api.CreateApiClient().CreateApiKeyAsync("short-lived", "integration", DateTimeOffset.UtcNow.AddHours(1));
        using var client = api.WithApiKey(issued["key"]!.GetValue<string>());
        using (var allowed = await client.GetAsync("/api/v1/customers"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        await api.ExecuteAsync($"UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '{issued["id"]}'");

        using var refused = await client.GetAsync("/api/v1/customers");
        await refused.AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_key_is_shown_once_and_stored_only_as_prefix_and_hash()
    {
        using var response = await api.CreateClient().PostAsync("/api/v1/api-keys", Requests.Json(new { name = "warehouse", role = "integration" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.ReadObjectAsync();
        var key = issued["key"]!.GetValue<string>();
        Assert.Equal($"/api/v1/api-keys/{issued["id"]}", response.Headers.Location!.OriginalString);
        Assert.StartsWith("cr_" + issued["prefix"]!.GetValue<string>() + "_", key, StringComparison.Ordinal);
        Assert.Equal("integration", issued["role"]!.GetValue<string>());

        var list = await api.CreateClient().GetStringAsync("/api/v1/api-keys?limit=200");
        Assert.Contains(issued["id"]!.GetValue<string>(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", list, StringComparison.Ordinal);

        var secret = key[12..];
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM api_keys k WHERE row_to_json(k)::text LIKE '%{secret}%'"));
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM events e WHERE row_to_json(e)::text LIKE '%{secret}%'"));
    }

    [Fact]
    public async Task The_bootstrap_key_is_an_admin_key_in_the_list()
    {
        using var client = api.WithApiKey(BootstrapKeyApiFactory.Key);
        var page = JsonNode.Parse(await client.GetStringAsync("/api/v1/api-keys?limit=200"))!["items"]!.AsArray();

        var bootstrap = Assert.Single(page, k => k!["name"]!.GetValue<string>() == "bootstrap")!;
        Assert.Equal("admin", bootstrap["role"]!.GetValue<string>());
        Assert.Equal("bootTest", bootstrap["prefix"]!.GetValue<string>());
        Assert.Null(bootstrap["revokedAt"]);
    }

    [Fact]
    public async Task Me_names_the_user_of_a_token_and_the_key_of_an_api_key()
    {
        var sub = Guid.CreateVersion7();
        var user = JsonNode.Parse(await api.CreateClient().As("viewer", sub, "Vera Viewer").GetStringAsync("/api/v1/me"))!.AsObject();
        Assert.Equal(sub, user["id"]!.GetValue<Guid>());
        Assert.Equal("Vera Viewer", user["name"]!.GetValue<string>());
        Assert.Equal("viewer", user["role"]!.GetValue<string>());
        Assert.Equal("user", user["kind"]!.GetValue<string>());

        var issued = await api.CreateApiClient().CreateApiKeyAsync("erp", "integration");
        var key = JsonNode.Parse(await api.WithApiKey(issued["key"]!.GetValue<string>()).GetStringAsync("/api/v1/me"))!.AsObject();
        Assert.Equal(issued["id"]!.GetValue<Guid>(), key["id"]!.GetValue<Guid>());
        Assert.Equal("erp", key["name"]!.GetValue<string>());
        Assert.Equal("integration", key["role"]!.GetValue<string>());
        Assert.Equal("api-key", key["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("viewer", "POST", "/api/v1/customers")]
    [InlineData("viewer", "POST", "/api/v1/rfm/runs")]
    [InlineData("agent", "POST", "/api/v1/rfm/runs")]
    [InlineData("agent", "GET", "/api/v1/events")]
    [InlineData("manager", "GET", "/api/v1/api-keys")]
    [InlineData("manager", "POST", "/api/v1/api-keys")]
    [InlineData("integration", "GET", "/api/v1/analytics/lifecycle-funnel")]
    public async Task A_known_caller_without_the_right_is_403_and_changes_nothing(string role, string method, string path)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = Requests.Json(path.EndsWith("api-keys", StringComparison.Ordinal) ? new { name = "x", role = "admin" } : NewCustomer);
        }

        using var response = await api.AsRole(role, Guid.CreateVersion7()).SendAsync(request);

        var problem = await response.AssertProblemAsync(403);
        Assert.Equal("forbidden", problem["code"]!.GetValue<string>());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("viewer", "GET", "/api/v1/customers")]
    [InlineData("viewer", "GET", "/api/v1/analytics/lifecycle-funnel")]
    [InlineData("agent", "POST", "/api/v1/customers")]
    [InlineData("integration", "POST", "/api/v1/customers")]
    [InlineData("integration", "GET", "/api/v1/events")]
    [InlineData("manager", "POST", "/api/v1/rfm/runs")]
    public async Task A_role_with_the_right_is_let_through(string role, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = Requests.Json(path.Contains("rfm", StringComparison.Ordinal) ? new { } : new { type = "individual", name = $"By {role}" });
        }

        using var client = api.AsRole(role, Guid.CreateVersion7());
        using var response = await client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{role} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            // A started job appends its outcome event later: let it finish, or it lands inside
            // another test's before/after fingerprint of this class's database.
            await client.WaitForRunAsync((await response.ReadObjectAsync())["id"]!.GetValue<Guid>());
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/swagger/index.html")]
    public async Task Health_and_the_OpenAPI_document_are_anonymous(string path)
    {
        using var response = await api.CreateAnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Changes_made_with_a_key_record_the_key_and_key_changes_are_events()
    {
        var client = api.CreateClient();
        var head = await Events.EventFeed.HeadAsync(client);
        var issued = await api.CreateApiClient().CreateApiKeyAsync("importer", "integration");
        var keyId = issued["id"]!.GetValue<Guid>();

        var customer = await api.WithApiKey(issued["key"]!.GetValue<string>()).CreateCustomerAsync(new { type = "individual", name = "Imported" });
        using (var revoked = await client.DeleteAsync($"/api/v1/api-keys/{keyId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        var (events, _) = await Events.EventFeed.ReadAsync(client, head, "types=access.*,customer.created");
        Assert.Equal(["access.api-key-created", "customer.created", "access.api-key-revoked"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(TestCredentials.AdminActor, events[0]["actor"]!.GetValue<string>());
        Assert.Equal(keyId, events[0]["resource"]!["id"]!.GetValue<Guid>());
        Assert.Equal("api-key", events[0]["resource"]!["type"]!.GetValue<string>());
        Assert.Null(events[0]["data"]!["state"]!["key"]);
        Assert.Equal("api-key:" + keyId, events[1]["actor"]!.GetValue<string>());
        Assert.Equal(TestCredentials.AdminActor, events[2]["actor"]!.GetValue<string>());

        var history = await new ApiClient(client).TransitionHistoryAsync(customer["id"]!);
        Assert.Equal("api-key:" + keyId, Assert.Single(history)["actor"]!.GetValue<string>());
    }
}
