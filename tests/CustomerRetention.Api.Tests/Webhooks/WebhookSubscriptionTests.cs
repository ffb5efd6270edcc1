using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>Subscriptions as resources: the secret shown once, merge-patch with ETags, delete, rotation, events without secrets, bad input changing nothing.</summary>
public sealed class WebhookSubscriptionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_secret_is_returned_once_on_create_and_never_by_reads_lists_or_events()
    {
        var client = api.CreateClient();
        using var response = await client.PostAsync("/api/v1/webhooks", Requests.Json(new { url = "https://hooks.example.com/crm", eventTypes = new[] { "customer.*" }, description = "ERP" }));
        var created = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/webhooks/{created["id"]}", response.Headers.Location!.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.True(created["enabled"]!.GetValue<bool>());
        Assert.Equal("https://hooks.example.com/crm", created["url"]!.GetValue<string>());

        var read = await client.GetStringAsync($"/api/v1/webhooks/{created["id"]}");
        var list = await client.GetStringAsync("/api/v1/webhooks");
        var events = await client.GetStringAsync("/api/v1/events?types=webhook.*");
        Assert.DoesNotContain(secret["whsec_".Length..], read, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", read, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], list, StringComparison.Ordinal);
        Assert.Contains(created["id"]!.GetValue<string>(), list, StringComparison.Ordinal);
        Assert.Contains("webhook.created", events, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotation_returns_a_new_secret_that_reads_never_show_and_records_an_event_without_either()
    {
        var client = api.CreateClient();
        var created = await client.CreateWebhookAsync("https://hooks.example.com/rotate", "*");
        using var response = await client.PostAsync($"/api/v1/webhooks/{created["id"]}/secret-rotations", null);
        var rotated = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secret = rotated["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.NotEqual(created["secret"]!.GetValue<string>(), secret);
        var expires = rotated["previousSecretExpiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expires - rotated["rotatedAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var read = await client.GetStringAsync($"/api/v1/webhooks/{created["id"]}");
        var events = await client.GetStringAsync("/api/v1/events?types=webhook.secret-rotated");
        Assert.DoesNotContain(secret["whsec_".Length..], read, StringComparison.Ordinal);
        Assert.Contains(created["id"]!.GetValue<string>(), events, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], events, StringComparison.Ordinal);
        Assert.DoesNotContain(created["secret"]!.GetValue<string>()["whsec_".Length..], events, StringComparison.Ordinal);
        Assert.Equal(secret, await api.ScalarAsync<string>($"SELECT secret FROM webhooks WHERE id = '{created["id"]}'"));
    }

    [Fact]
    public async Task Patch_is_a_merge_patch_with_If_Match_and_records_the_changed_fields()
    {
        var client = api.CreateClient();
        var created = await client.CreateWebhookAsync("https://hooks.example.com/patch", "customer.created");
        var etag = created["etag"]!.GetValue<string>();

        using var patched = await client.PatchAsync($"/api/v1/webhooks/{created["id"]}", new { eventTypes = new[] { "order.*", "customer.updated" }, enabled = false }, etag);
        var body = await patched.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["order.*", "customer.updated"], body["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.False(body["enabled"]!.GetValue<bool>());
        Assert.Equal("https://hooks.example.com/patch", body["url"]!.GetValue<string>());

        using var stale = await client.PatchAsync($"/api/v1/webhooks/{created["id"]}", new { enabled = true }, etag);
        await stale.AssertProblemAsync(412);

        var events = JsonNode.Parse(await client.GetStringAsync("/api/v1/events?types=webhook.updated"))!["items"]!.AsArray();
        var update = events.Single(e => e!["resource"]!["id"]!.GetValue<string>() == created["id"]!.GetValue<string>())!;
        Assert.Equal(["eventTypes", "enabled"], update["data"]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.False(await api.ScalarAsync<bool>($"SELECT enabled FROM webhooks WHERE id = '{created["id"]}'"));
    }

    [Theory]
    [InlineData("""{"url":"https://hooks.example.com/x","eventTypes":["customer.nothing"]}""", "eventTypes[0]")]
    [InlineData("""{"url":"https://hooks.example.com/x","eventTypes":["nothing.*"]}""", "eventTypes[0]")]
    [InlineData("""{"url":"https://hooks.example.com/x","eventTypes":[]}""", "eventTypes")]
    [InlineData("""{"url":"https://hooks.example.com/x"}""", "eventTypes")]
    [InlineData("""{"url":"http://hooks.example.com/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://user:pass@hooks.example.com/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"/relative","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"ftp://hooks.example.com/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://127.0.0.1/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://localhost:8443/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://169.254.169.254/latest/meta-data","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://10.1.2.3/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://100.64.0.1/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://[::1]/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://[::ffff:127.0.0.1]/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://[fd00::1]/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://[fe80::1]/x","eventTypes":["*"]}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/x","eventTypes":["*"],"secret":"whsec_AAAA"}""", "secret")]
    public async Task A_bad_subscription_is_a_400_naming_the_member_and_creates_nothing(string body, string member)
    {
        await StartedAsync();
        var before = await api.DatabaseFingerprintAsync();
        using var response = await api.CreateClient().PostAsync("/api/v1/webhooks", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);

        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_patch_to_a_private_address_is_refused_and_changes_nothing()
    {
        var client = api.CreateClient();
        var created = await client.CreateWebhookAsync("https://hooks.example.com/keep", "*");
        await StartedAsync();
        var before = await api.DatabaseFingerprintAsync();

        using var response = await client.PatchAsync($"/api/v1/webhooks/{created["id"]}", new { url = "https://169.254.169.254/" });
        var problem = await response.AssertProblemAsync(400);

        Assert.Contains("url", problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Delete_removes_the_subscription_and_its_deliveries_and_a_second_delete_is_404()
    {
        var client = api.CreateClient();
        var created = await client.CreateWebhookAsync("https://hooks.example.com/delete", "*");
        var id = created["id"]!.GetValue<Guid>();
        await api.ExecuteAsync(
            $"""
            INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_position, event_type, state, retries, next_attempt_at, created_at)
            VALUES ('{Guid.CreateVersion7()}', '{id}', '{Guid.CreateVersion7()}', 1, 'customer.created', 'pending', 0, now(), now())
            """);

        using (var deleted = await client.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var again = await client.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            await again.AssertProblemAsync(404);
        }

        using (var read = await client.GetAsync($"/api/v1/webhooks/{id}"))
        {
            await read.AssertProblemAsync(404);
        }

        Assert.Equal(0L, await api.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE webhook_id = '{id}'"));
        Assert.Contains(id.ToString(), await client.GetStringAsync("/api/v1/events?types=webhook.deleted"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_with_the_current_ETag_is_304()
    {
        var client = api.CreateClient();
        var created = await client.CreateWebhookAsync("https://hooks.example.com/etag", "*");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/webhooks/{created["id"]}");
        request.Headers.IfNoneMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(created["etag"]!.GetValue<string>()));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    /// <summary>The host started and its start-up writes (the job schedules) are done, so a fingerprint compares only a request's effect.</summary>
    private async Task StartedAsync()
    {
        using (var ready = await api.CreateClient().GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var last = -1L;
        await WebhookApi.EventuallyAsync(
            async () =>
            {
                var count = await api.ScalarAsync<long>("SELECT count(*) FROM job_schedules");
                var stable = count > 0 && count == last;
                last = count;
                await Task.Delay(stable ? 0 : 200);
                return stable;
            },
            "the job schedules are written");
    }
}
