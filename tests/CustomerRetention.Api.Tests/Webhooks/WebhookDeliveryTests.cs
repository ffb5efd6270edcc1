using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>
/// Delivery against a real receiver on a loopback socket: signatures checked with the independent
/// StandardWebhooks package, retries with the same <c>webhook-id</c>, 410, the last retry, replay,
/// filters, rotation overlap, redirects and the per-customer order.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookApiFactory api) : IClassFixture<WebhookApiFactory>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_receiver_that_answers_500_500_200_gets_three_signed_attempts_of_one_event_with_the_same_id()
    {
        _receiver.Answer = (path, n) => path == "/retry" && n <= 2 ? (500, null) : (200, null);
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("retry"), "customer.created");
        var customer = await client.CreateCustomerAsync(new { type = "individual", name = "Retry Rita" });

        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Any(d => d["state"]!.GetValue<string>() == "succeeded"), "the delivery succeeds");

        var received = _receiver.At("/retry");
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
        var eventId = JsonNode.Parse(await client.GetStringAsync($"/api/v1/events?types=customer.created&customerId={customer["id"]}"))!["items"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(eventId, received[0].Id);
        foreach (var attempt in received)
        {
            WebhookApi.Verify(hook["secret"]!.GetValue<string>(), attempt);
            var body = JsonNode.Parse(attempt.Body)!;
            Assert.Equal(eventId, body["id"]!.GetValue<string>());
            Assert.Equal("customer.created", body["type"]!.GetValue<string>());
            Assert.Equal(customer["id"]!.GetValue<string>(), body["customerId"]!.GetValue<string>());
        }

        var forged = received[0] with { Body = received[0].Body.Replace("Retry Rita", "Forged Fred", StringComparison.Ordinal) };
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => WebhookApi.Verify(hook["secret"]!.GetValue<string>(), forged));

        var delivery = (await client.DeliveriesAsync(hook["id"]!)).Single();
        var attempts = delivery["attempts"]!.AsArray();
        Assert.Equal([500, 500, 200], attempts.Select(a => a!["status"]!.GetValue<int>()));
        Assert.All(attempts.Take(2), a => Assert.InRange(a!["error"]!.GetValue<string>().Length, 20, 1200));
        Assert.Null(attempts[2]!["error"]);
        Assert.Null(delivery["nextAttemptAt"]);
        Assert.Equal(eventId, delivery["eventId"]!.GetValue<string>());
        Assert.Equal("customer.created", delivery["eventType"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_feed_item_and_the_delivered_body_are_the_same_document()
    {
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("same"), "customer.created");
        var customer = await client.CreateCustomerAsync(new { type = "individual", name = "Same Sam" });

        await WebhookApi.EventuallyAsync(() => Task.FromResult(_receiver.At("/same").Count == 1), "the delivery arrives");

        var item = JsonNode.Parse(await client.GetStringAsync($"/api/v1/events?types=customer.created&customerId={customer["id"]}"))!["items"]![0]!;
        Assert.True(JsonNode.DeepEquals(item, JsonNode.Parse(_receiver.At("/same")[0].Body)), $"{item.ToJsonString()}\n{_receiver.At("/same")[0].Body}");
        Assert.NotNull(hook["id"]);
    }

    [Fact]
    public async Task A_410_fails_the_delivery_disables_the_subscription_with_a_reason_and_records_an_event()
    {
        _receiver.Answer = (path, _) => path == "/gone" ? (410, null) : (200, null);
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("gone"), "customer.*");
        await client.CreateCustomerAsync(new { type = "individual", name = "Gone Gina" });

        await WebhookApi.EventuallyAsync(async () => !(await client.GetFromJsonObjectAsync($"/api/v1/webhooks/{hook["id"]}"))["enabled"]!.GetValue<bool>(), "the subscription is disabled");

        var read = await client.GetFromJsonObjectAsync($"/api/v1/webhooks/{hook["id"]}");
        Assert.Contains("410", read["disabledReason"]!.GetValue<string>(), StringComparison.Ordinal);
        var delivery = (await client.DeliveriesAsync(hook["id"]!)).Single();
        Assert.Equal("failed", delivery["state"]!.GetValue<string>());
        Assert.Single(delivery["attempts"]!.AsArray());
        var disabled = JsonNode.Parse(await client.GetStringAsync("/api/v1/events?types=webhook.disabled"))!["items"]!.AsArray()
            .Single(e => e!["resource"]!["id"]!.GetValue<string>() == hook["id"]!.GetValue<string>())!;
        Assert.Equal("system", disabled["actor"]!.GetValue<string>());

        // Disabled: nothing more is queued or sent.
        await client.CreateCustomerAsync(new { type = "individual", name = "Gone Gina 2" });
        await Task.Delay(500);
        Assert.Single(_receiver.At("/gone"));
    }

    [Fact]
    public async Task After_the_last_retry_the_delivery_is_failed_and_a_replay_delivers_it_again_with_the_same_id()
    {
        var failing = true;
        _receiver.Answer = (path, _) => path == "/fail" && Volatile.Read(ref failing) ? (503, null) : (200, null);
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("fail"), "customer.created");
        await client.CreateCustomerAsync(new { type = "individual", name = "Failing Fiona" });

        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Any(d => d["state"]!.GetValue<string>() == "failed"), "the delivery fails");
        var failed = (await client.DeliveriesAsync(hook["id"]!)).Single();
        Assert.Equal(4, failed["attempts"]!.AsArray().Count); // the first attempt and three retries (100ms,100ms,100ms)
        Assert.Equal(4, _receiver.At("/fail").Count);

        Volatile.Write(ref failing, false);
        using var replay = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhook-deliveries/{failed["id"]}/replays");
        replay.Headers.Add("Idempotency-Key", "replay-" + failed["id"]);
        using var response = await client.SendAsync(replay);
        var replayed = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pending", replayed["state"]!.GetValue<string>());

        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Single()["state"]!.GetValue<string>() == "succeeded", "the replay succeeds");
        Assert.Equal(5, _receiver.At("/fail").Count);
        Assert.Single(_receiver.At("/fail").Select(r => r.Id).Distinct());
        Assert.Equal(5, (await client.DeliveriesAsync(hook["id"]!)).Single()["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Event_type_filters_take_exact_types_families_and_everything()
    {
        var client = api.CreateClient();
        var family = await client.CreateWebhookAsync(_receiver.Url("family"), "customer.*");
        var exact = await client.CreateWebhookAsync(_receiver.Url("exact"), "order.created");
        var all = await client.CreateWebhookAsync(_receiver.Url("all"), "*");
        var customer = await client.CreateCustomerAsync(new { type = "individual", name = "Filter Fay" });
        await new ApiClient(client).CreateOrderAsync(customer["id"]!, new { orderedAt = "2026-01-01T10:00:00Z", amount = 10, status = "completed" });
        using (var patched = await client.PatchAsync($"/api/v1/customers/{customer["id"]}", new { name = "Filter Fay II" }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        var expected = JsonNode.Parse(await client.GetStringAsync($"/api/v1/events?customerId={customer["id"]}"))!["items"]!.AsArray()
            .Select(e => e!["type"]!.GetValue<string>()).ToList();
        // '*' also receives its own webhook.created (appended after the position it starts from).
        await WebhookApi.EventuallyAsync(() => Task.FromResult(_receiver.At("/all").Count >= expected.Count + 1), "everything reaches '*'");
        await Task.Delay(300);

        static List<string> Types(IEnumerable<ReceivedWebhook> received) => received.Select(r => JsonNode.Parse(r.Body)!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(expected.Where(t => t.StartsWith("customer.", StringComparison.Ordinal)), Types(_receiver.At("/family")));
        Assert.Equal(["order.created"], Types(_receiver.At("/exact")));
        // The customer's events arrive in their order; the webhook's own event (no customer) is not ordered with them.
        var toAll = _receiver.At("/all");
        Assert.Equal(expected, Types(toAll.Where(r => JsonNode.Parse(r.Body)!["customerId"] is not null)));
        var own = Assert.Single(toAll, r => JsonNode.Parse(r.Body)!["customerId"] is null);
        Assert.Equal("webhook.created", JsonNode.Parse(own.Body)!["type"]!.GetValue<string>());
        Assert.Equal(all["id"]!.GetValue<string>(), JsonNode.Parse(own.Body)!["resource"]!["id"]!.GetValue<string>());
        Assert.Contains("lifecycle.stage-changed", expected);
        Assert.All(new[] { family, exact, all }, h => Assert.NotNull(h["secret"]));
    }

    [Fact]
    public async Task During_a_rotation_overlap_both_secrets_sign_and_after_it_only_the_new_one()
    {
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("rotation"), "customer.created");
        var oldSecret = hook["secret"]!.GetValue<string>();
        using var rotation = await client.PostAsync($"/api/v1/webhooks/{hook["id"]}/secret-rotations", null);
        var newSecret = (await rotation.ReadObjectAsync())["secret"]!.GetValue<string>();
        await client.CreateCustomerAsync(new { type = "individual", name = "Overlap Olga" });
        await WebhookApi.EventuallyAsync(() => Task.FromResult(_receiver.At("/rotation").Count == 1), "the delivery during the overlap arrives");

        var during = _receiver.At("/rotation")[0];
        var signatures = during.Signature.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
        WebhookApi.Verify(newSecret, during, signatures[0]);
        WebhookApi.Verify(oldSecret, during, signatures[1]);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => WebhookApi.Verify(oldSecret, during, signatures[0]));

        // A rotation on a host whose overlap is short: once it ends, one signature, by the newest secret.
        using var shortOverlap = api.WithWebHostBuilder(b => b.UseSetting("Webhooks:SecretOverlap", "1s"));
        using var second = await shortOverlap.CreateClient().PostAsync($"/api/v1/webhooks/{hook["id"]}/secret-rotations", null);
        var newest = (await second.ReadObjectAsync())["secret"]!.GetValue<string>();
        await Task.Delay(1500);
        await client.CreateCustomerAsync(new { type = "individual", name = "After Anna" });
        await WebhookApi.EventuallyAsync(() => Task.FromResult(_receiver.At("/rotation").Count == 2), "the delivery after the overlap arrives");

        var after = _receiver.At("/rotation")[1];
        Assert.DoesNotContain(" ", after.Signature, StringComparison.Ordinal);
        WebhookApi.Verify(newest, after);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => WebhookApi.Verify(newSecret, after));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failed_attempt()
    {
        _receiver.Answer = (path, n) => path == "/redirect" && n == 1 ? (302, _receiver.Url("elsewhere")) : (200, null);
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("redirect"), "customer.created");
        await client.CreateCustomerAsync(new { type = "individual", name = "Redirect Rob" });

        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Any(d => d["state"]!.GetValue<string>() == "succeeded"), "the retry succeeds");

        var attempts = (await client.DeliveriesAsync(hook["id"]!)).Single()["attempts"]!.AsArray();
        Assert.Equal(302, attempts[0]!["status"]!.GetValue<int>());
        Assert.Contains("Redirects are not followed", attempts[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_receiver.At("/elsewhere"));
    }

    [Fact]
    public async Task A_customers_later_change_waits_while_an_earlier_one_is_retried()
    {
        _receiver.Answer = (path, n) => path == "/order" && n <= 3 ? (500, null) : (200, null);
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(_receiver.Url("order"), "customer.created", "customer.updated");
        var customer = await client.CreateCustomerAsync(new { type = "individual", name = "Order 0" });
        for (var i = 1; i <= 5; i++)
        {
            using var patched = await client.PatchAsync($"/api/v1/customers/{customer["id"]}", new { name = $"Order {i}" });
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Count(d => d["state"]!.GetValue<string>() == "succeeded") == 6, "all six are delivered");

        var names = _receiver.At("/order").Select(r => JsonNode.Parse(r.Body)!["data"]!["state"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Order 0", "Order 0", "Order 0", "Order 0", "Order 1", "Order 2", "Order 3", "Order 4", "Order 5"], names);
    }
}

internal static class JsonReads
{
    public static async Task<JsonObject> GetFromJsonObjectAsync(this HttpClient client, string uri) =>
        JsonNode.Parse(await client.GetStringAsync(uri))!.AsObject();
}
