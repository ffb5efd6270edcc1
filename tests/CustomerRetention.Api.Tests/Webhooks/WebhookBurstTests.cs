using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>
/// SPEC §10.4 under load: a burst of 10 000 changes over 50 customers, made through the API while
/// one delivering instance runs, is delivered completely and in order per customer although that
/// instance is stopped mid-delivery and another one (same database) takes over.
/// </summary>
public sealed class WebhookBurstTests(LoopbackWebhookApiFactory api) : IClassFixture<LoopbackWebhookApiFactory>
{
    private const int Customers = 50;
    private const int ChangesPerCustomer = 200;

    [Fact]
    public async Task Ten_thousand_changes_are_all_delivered_in_order_per_customer_across_a_stopped_instance()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = api.CreateClient(); // this host has no delivery worker
        var hook = await client.CreateWebhookAsync(receiver.Url("burst"), "customer.updated");
        var customers = await Task.WhenAll(Enumerable.Range(0, Customers).Select(async c =>
            (await client.CreateCustomerAsync(new { type = "individual", name = $"Burst {c}" }))["id"]!.GetValue<Guid>()));

        var first = api.WithWebHostBuilder(b => WebhookApiFactory.Deliver(b));
        _ = first.Services; // starts the first delivering instance
        var burst = Task.WhenAll(customers.Select(async (id, c) =>
        {
            for (var i = 1; i <= ChangesPerCustomer; i++)
            {
                using var patched = await client.PatchAsync($"/api/v1/customers/{id}", new { name = $"Burst {c}.{i}" });
                Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            }
        }));

        await WebhookApi.EventuallyAsync(() => Task.FromResult(receiver.Received.Count >= 1500), "the first instance delivers", seconds: 300);
        await first.DisposeAsync();
        var whenStopped = receiver.Received.Count;
        await burst;
        await Task.Delay(500);
        Assert.Equal(whenStopped, receiver.Received.Count); // the stopped instance sends nothing more
        Assert.True(whenStopped < Customers * ChangesPerCustomer, "the first instance had not finished");

        await using var second = api.WithWebHostBuilder(b => WebhookApiFactory.Deliver(b));
        _ = second.Services;
        await WebhookApi.EventuallyAsync(
            () => Task.FromResult(receiver.Received.Select(r => r.Id).Distinct().Count() == Customers * ChangesPerCustomer),
            "every change is delivered",
            seconds: 600);

        // Every logged change was delivered, and per customer the first arrival of each is in the log's order.
        var logged = (await api.ScalarAsync<string>("SELECT string_agg(customer_id || ' ' || id, ',' ORDER BY position) FROM events WHERE type = 'customer.updated'"))
            .Split(',').Select(p => p.Split(' ')).Select(p => (Customer: p[0], Id: p[1])).ToList();
        Assert.Equal(Customers * ChangesPerCustomer, logged.Count);
        var arrived = receiver.Received.Select(r => (Customer: JsonNode.Parse(r.Body)!["customerId"]!.GetValue<string>(), r.Id)).ToList();
        foreach (var customer in customers.Select(c => c.ToString()))
        {
            var expected = logged.Where(e => e.Customer == customer).Select(e => e.Id).ToList();
            var firstArrivals = arrived.Where(a => a.Customer == customer).Select(a => a.Id).Distinct().ToList();
            Assert.Equal(ChangesPerCustomer, expected.Count);
            Assert.Equal(expected, firstArrivals);
        }

        Assert.Equal((long)Customers * ChangesPerCustomer, await api.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE webhook_id = '{hook["id"]}' AND state = 'succeeded'"));
        Assert.Equal(0L, await api.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE webhook_id = '{hook["id"]}' AND state <> 'succeeded'"));
    }

    [Fact]
    public async Task A_delivery_claimed_by_an_instance_that_died_is_sent_once_its_lease_expires()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(receiver.Url("lease"), "customer.created");
        await client.CreateCustomerAsync(new { type = "individual", name = "Lease Lena" });

        // The row a dead instance leaves behind: claimed (its lease 3 s ahead), never recorded.
        await api.ExecuteAsync(
            $"""
            INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_position, event_type, customer_id, state, retries, next_attempt_at, claimed_until, created_at)
            SELECT '{Guid.CreateVersion7()}', '{hook["id"]}', e.id, e.position, e.type, e.customer_id, 'pending', 0, now(), now() + interval '3 seconds', now()
            FROM events e WHERE e.type = 'customer.created' ORDER BY e.position DESC LIMIT 1
            """);

        var leaseEnds = await api.ScalarAsync<DateTime>($"SELECT claimed_until FROM webhook_deliveries WHERE webhook_id = '{hook["id"]}'");

        await using var worker = api.WithWebHostBuilder(b => WebhookApiFactory.Deliver(b));
        _ = worker.Services;

        await WebhookApi.EventuallyAsync(() => Task.FromResult(receiver.At("/lease").Count == 1), "the delivery is taken over", seconds: 15);
        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Single()["state"]!.GetValue<string>() == "succeeded", "it is recorded");
        var sent = Assert.Single(receiver.At("/lease"));

        // Not before the dead instance's lease ran out (measured by arrival, so a slow start-up cannot make it pass or fail).
        Assert.True(sent.At >= new DateTimeOffset(DateTime.SpecifyKind(leaseEnds, DateTimeKind.Utc)).AddMilliseconds(-50), $"sent at {sent.At:O}, lease until {leaseEnds:O}");
    }
}
