using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.BadInput;

/// <summary>
/// Characters PostgreSQL cannot store (U+0000), other control characters, unpaired surrogates
/// and members sent twice are refused in every request body with a 400 naming the member, and
/// the refused request changes nothing.
/// </summary>
public sealed class BodyTextTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    /// <summary>Posts raw JSON text (so that escapes and duplicates reach the server as written) and returns the problem.</summary>
    private async Task<JsonObject> RefusedAsync(string uri, string json, HttpMethod? method = null)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, uri) { Content = Requests.Json(json) };
        using var response = await _client.SendAsync(request);
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        return problem;
    }

    private async Task<string> CustomerIdAsync() =>
        (await _client.CreateCustomerAsync(new { type = "individual", name = "Grace Hopper" }))["id"]!.GetValue<string>();

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u0001")]
    [InlineData("\\u001f")]
    [InlineData("\\u007f")]
    [InlineData("\\u0085")]
    public async Task A_control_character_in_a_string_is_a_400_naming_the_member(string escaped)
    {
        var problem = await RefusedAsync("/api/v1/customers", $$"""{ "type": "individual", "name": "Ada{{escaped}}Lovelace" }""");
        Assert.Equal(["name"], problem.ErrorKeys());
        Assert.Contains("control character", problem["errors"]!["name"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tab_line_feed_and_carriage_return_are_ordinary_text()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada Lovelace" });
        using var response = await _client.PostAsync(
            $"/api/v1/customers/{customer["id"]}/interactions",
            Requests.Json("""{ "channel": "email", "direction": "inbound", "type": "note", "occurredAt": "2026-01-05T10:00:00Z", "notes": "line one\r\nline two\twith a tab" }"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("line one\r\nline two\twith a tab", JsonNode.Parse(body)!["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task NUL_at_depth_is_named_by_its_json_path()
    {
        var problem = await RefusedAsync(
            "/api/v1/customers",
            """{ "type": "individual", "name": "Ada", "address": { "city": "Lon\u0000don", "country": "GB" }, "tags": ["vip", "a\u0000b"] }""");
        Assert.Equal(["address.city", "tags[1]"], problem.ErrorKeys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NUL_in_an_attribute_key_is_refused()
    {
        var problem = await RefusedAsync("/api/v1/customers", """{ "type": "individual", "name": "Ada", "attributes": { "in\u0000dustry": "maths" } }""");
        var key = Assert.Single(problem.ErrorKeys());
        Assert.StartsWith("attributes.in", key, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', key);
    }

    [Fact]
    public async Task NUL_in_an_order_item_is_refused_and_no_order_is_stored()
    {
        var id = await CustomerIdAsync();
        var problem = await RefusedAsync(
            $"/api/v1/customers/{id}/orders",
            """{ "orderedAt": "2026-01-05T10:00:00Z", "amount": 10, "items": [ { "sku": "A\u0000", "quantity": 1, "unitPrice": 10 } ] }""");
        Assert.Equal(["items[0].sku"], problem.ErrorKeys());
    }

    [Fact]
    public async Task An_unpaired_surrogate_is_refused()
    {
        var problem = await RefusedAsync("/api/v1/customers", """{ "type": "individual", "name": "Ada \ud800 Lovelace" }""");
        Assert.Equal(["name"], problem.ErrorKeys());
    }

    [Fact]
    public async Task A_paired_surrogate_is_ordinary_text()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada \U0001F600" });
        Assert.Equal("Ada \U0001F600", customer["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_member_sent_twice_is_a_400_naming_it()
    {
        var problem = await RefusedAsync("/api/v1/customers", """{ "type": "individual", "name": "Ada", "name": "Grace" }""");
        Assert.Equal(["name"], problem.ErrorKeys());
        Assert.Contains("more than once", problem["errors"]!["name"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_sent_twice_at_depth_is_named_by_its_path()
    {
        var problem = await RefusedAsync(
            "/api/v1/customers",
            """{ "type": "individual", "name": "Ada", "address": { "city": "London", "city": "Paris" }, "attributes": { "k": 1, "k": 2 } }""");
        Assert.Equal(["address.city", "attributes.k"], problem.ErrorKeys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_member_sent_twice_in_a_patch_changes_nothing()
    {
        var id = await CustomerIdAsync();
        var problem = await RefusedAsync($"/api/v1/customers/{id}", """{ "name": "Ada", "name": "Grace" }""", HttpMethod.Patch);
        Assert.Equal(["name"], problem.ErrorKeys());
    }

    [Fact]
    public async Task An_X_Actor_header_with_a_control_character_is_refused()
    {
        var id = await CustomerIdAsync();
        var before = await api.DatabaseFingerprintAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{id}/lifecycle/transitions")
        {
            Content = Requests.Json("""{ "toStage": "interest" }"""),
        };
        request.Headers.TryAddWithoutValidation("X-Actor", "ada\u0001");
        using var response = await _client.SendAsync(request);
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["X-Actor"], problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }
}
