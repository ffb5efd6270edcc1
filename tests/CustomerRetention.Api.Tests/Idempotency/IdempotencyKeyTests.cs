using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST (SPEC §10.3, ADR 20): one resource per key, the first answer
/// replayed exactly, another request under the key refused, keys per caller.
/// </summary>
public sealed class IdempotencyKeyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_repeat_replays_the_first_answer_and_creates_nothing_more()
    {
        var key = NewKey();
        var body = new { type = "individual", name = "Replay " + key };
        using var first = await PostAsync(_client, "/api/v1/customers", body, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var id = JsonNode.Parse(firstBody)!["id"]!.GetValue<Guid>();
        var events = await api.ScalarAsync<long>("SELECT count(*) FROM events");

        using var again = await PostAsync(_client, "/api/v1/customers", body, key);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.NotNull(again.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentType, again.Content.Headers.ContentType);
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = 'Replay {key}'"));
        Assert.Equal(events, await api.ScalarAsync<long>("SELECT count(*) FROM events"));
        Assert.Equal("completed", await api.ScalarAsync<string>($"SELECT status FROM idempotency_keys WHERE key = '{key}'"));
        Assert.Equal(id, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_key_with_another_body_is_422_idempotency_key_reused_and_changes_nothing()
    {
        var key = NewKey();
        using var first = await PostAsync(_client, "/api/v1/customers", new { type = "individual", name = "First " + key }, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await api.DatabaseFingerprintAsync();

        using var other = await PostAsync(_client, "/api/v1/customers", new { type = "individual", name = "Other " + key }, key);

        var problem = await other.AssertProblemAsync(422);
        Assert.Equal("idempotency-key-reused", problem["code"]!.GetValue<string>());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task The_key_on_another_path_is_422()
    {
        var key = NewKey();
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Paths " + key });
        var body = new { channel = "email", direction = "inbound", type = "note", occurredAt = "2026-01-02T10:00:00Z" };
        using var first = await PostAsync(_client, $"/api/v1/customers/{customer["id"]}/interactions", body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var other = await _client.CreateCustomerAsync(new { type = "individual", name = "Paths other " + key });

        using var elsewhere = await PostAsync(_client, $"/api/v1/customers/{other["id"]}/interactions", body, key);

        Assert.Equal("idempotency-key-reused", (await elsewhere.AssertProblemAsync(422))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_caller_with_the_same_key_gets_its_own_resource()
    {
        var key = NewKey();
        var body = new { type = "individual", name = "Callers " + key };
        using var mine = await PostAsync(_client, "/api/v1/customers", body, key);
        using var theirs = await PostAsync(api.AsRole("admin", Guid.NewGuid()), "/api/v1/customers", body, key);

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(mine.Headers.Location, theirs.Headers.Location);
        Assert.Equal(2, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = 'Callers {key}'"));
    }

    [Fact]
    public async Task A_refused_request_is_stored_and_replayed_too()
    {
        var key = NewKey();
        var body = new { type = "individual", name = "", email = "not an address" };
        using var first = await PostAsync(_client, "/api/v1/customers", body, key);
        var problem = await first.AssertProblemAsync(400);
        Assert.Contains("name", problem.ErrorKeys());

        using var again = await PostAsync(_client, "/api/v1/customers", body, key);

        await again.AssertProblemAsync(400);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(problem.ToJsonString(), (await again.ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task A_request_that_failed_with_a_5xx_can_be_retried_with_its_key()
    {
        var key = NewKey();
        var name = "Fails " + key;
        await api.ExecuteAsync(
            $"""
            CREATE FUNCTION fail_{key.Replace("-", "", StringComparison.Ordinal)}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.name = '{name}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_once BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION fail_{key.Replace("-", "", StringComparison.Ordinal)}();
            """);
        var body = new { type = "individual", name };
        using (var failed = await PostAsync(_client, "/api/v1/customers", body, key))
        {
            await failed.AssertProblemAsync(500);
        }

        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM idempotency_keys WHERE key = '{key}'"));
        await api.ExecuteAsync("DROP TRIGGER fail_once ON customers");

        using var retried = await PostAsync(_client, "/api/v1/customers", body, key);

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = '{name}'"));
    }

    [Fact]
    public async Task The_committed_mark_is_part_of_the_change_a_failing_mark_rolls_the_change_back()
    {
        var key = NewKey();
        var name = "Mark fails " + key;
        var function = "fail_mark_" + key.Replace("-", "", StringComparison.Ordinal);
        await api.ExecuteAsync(
            $"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.key = '{key}' AND NEW.status = 'committed' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER {function} BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION {function}();
            """);
        var body = new { type = "individual", name };
        using (var failed = await PostAsync(_client, "/api/v1/customers", body, key))
        {
            await failed.AssertProblemAsync(500);
        }

        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = '{name}'"));
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM idempotency_keys WHERE key = '{key}'"));
        await api.ExecuteAsync($"DROP TRIGGER {function} ON idempotency_keys");

        using var retried = await PostAsync(_client, "/api/v1/customers", body, key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = '{name}'"));
    }

    [Fact]
    public async Task A_change_whose_claim_was_taken_over_does_not_commit()
    {
        var key = NewKey();
        var name = "Taken over " + key;
        var function = "take_over_" + key.Replace("-", "", StringComparison.Ordinal);

        // While the request runs, another attempt takes the key over (here: the claim row is replaced).
        await api.ExecuteAsync(
            $"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.name = '{name}' THEN UPDATE idempotency_keys SET claim_id = gen_random_uuid() WHERE key = '{key}'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER {function} BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION {function}();
            """);
        try
        {
            using var response = await PostAsync(_client, "/api/v1/customers", new { type = "individual", name }, key);

            Assert.Equal("concurrent-modification", (await response.AssertProblemAsync(409))["code"]!.GetValue<string>());
            Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = '{name}'"));
        }
        finally
        {
            await api.ExecuteAsync($"DROP TRIGGER {function} ON customers");
        }
    }

    [Fact]
    public async Task An_expired_key_is_free_again()
    {
        var key = NewKey();
        var body = new { type = "individual", name = "Expired " + key };
        using var first = await PostAsync(_client, "/api/v1/customers", body, key);
        await api.ExecuteAsync($"UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = '{key}'");

        using var later = await PostAsync(_client, "/api/v1/customers", new { type = "individual", name = "Expired other " + key }, key);

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, later.Headers.Location);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task A_key_longer_than_255_characters_is_400_naming_the_header(int length)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await PostAsync(_client, "/api/v1/customers", new { type = "individual", name = "Too long" }, new string('k', length));

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["Idempotency-Key"], problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_key_of_255_characters_is_accepted()
    {
        using var response = await PostAsync(_client, "/api/v1/customers", new { type = "individual", name = "Longest key" }, new string('k', 255));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_key_sent_twice_is_400_naming_the_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = Requests.Json(new { type = "individual", name = "Twice" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["one", "two"]);
        using var response = await _client.SendAsync(request);

        Assert.Equal(["Idempotency-Key"], (await response.AssertProblemAsync(400)).ErrorKeys());
    }

    [Fact]
    public async Task The_openapi_document_declares_the_key_on_every_post_and_only_there()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Method: o.Key, Operation: o.Value!))).ToList();
        Assert.Contains(operations, o => o.Method == "post");
        foreach (var (method, operation) in operations)
        {
            var header = operation["parameters"]?.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
            if (method != "post")
            {
                Assert.Null(header);
                continue;
            }

            Assert.NotNull(header);
            Assert.Equal("header", header["in"]!.GetValue<string>());
            Assert.Equal(255, header["schema"]!["maxLength"]!.GetValue<int>());
            Assert.Equal(1, header["schema"]!["minLength"]!.GetValue<int>());
            Assert.NotNull(operation["responses"]!["422"]);
            Assert.NotNull(operation["responses"]!["409"]!["headers"]!["Retry-After"]);
            var success = operation["responses"]!.AsObject().First(r => r.Key[0] == '2').Value!;
            Assert.NotNull(success["headers"]!["Idempotent-Replayed"]);
        }
    }

    internal static string NewKey() => Guid.NewGuid().ToString();

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Requests.Json(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
