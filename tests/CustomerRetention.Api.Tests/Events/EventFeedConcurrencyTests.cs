using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Npgsql;

namespace CustomerRetention.Api.Tests.Events;

/// <summary>
/// The feed's guarantee under concurrent writers: a reader paging with <c>after</c> sees every
/// committed event exactly once, in commit order per customer, even when a transaction commits
/// after others that started later (its event ids are older than theirs).
/// </summary>
public sealed class EventFeedConcurrencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Writers = 8;
    private const int StepsPerWriter = 15;

    [Fact]
    public async Task A_follower_sees_every_committed_event_once_and_in_order_per_customer()
    {
        var setup = api.CreateClient();
        var head = await EventFeed.HeadAsync(setup);
        var late = (await setup.CreateCustomerAsync(new { type = "individual", name = "Late Committer" }))["id"]!.GetValue<Guid>();

        // Hold the late customer's row: its first order blocks inside its transaction (the Lifecycle
        // reaction locks the row), after its events got their ids, while the writers commit newer ones.
        await using var blocker = new NpgsqlConnection(api.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM customers WHERE id = '{late}' FOR UPDATE", blocker, hold))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var lateOrder = EventFeed.PostAsync(api.CreateClient(), $"/api/v1/customers/{late}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 9.99m }, "late-writer");
        await WaitUntilAsync(async () => await api.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);

        using var follow = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var writersDone = new TaskCompletionSource();
        var follower = FollowAsync(api.CreateClient(), head, writersDone.Task, follow.Token);

        var writers = Enumerable.Range(1, Writers).Select(w => WriteAsync(api.CreateClient(), w)).ToList();
        await Task.Delay(300);
        await hold.CommitAsync(); // the late order now commits, after many newer events
        using (var lateResponse = await lateOrder)
        {
            Assert.Equal(HttpStatusCode.Created, lateResponse.StatusCode);
        }

        var expected = await Task.WhenAll(writers);
        writersDone.SetResult();
        var seen = await follower;

        // Exactly once: no event twice, and the follower saw what a full read from the start sees.
        Assert.Equal(seen.Count, seen.Select(e => e["id"]!.GetValue<string>()).Distinct().Count());
        var (all, _) = await EventFeed.ReadAsync(setup, head);
        Assert.Equal(all.Select(e => e["id"]!.GetValue<string>()), seen.Select(e => e["id"]!.GetValue<string>()));

        // Every acknowledged change, in its order, with its actor; nothing for the refused ones.
        foreach (var (customer, changes) in expected)
        {
            var ofCustomer = seen.Where(e => e["customerId"]?.GetValue<Guid>() == customer).ToList();
            Assert.Equal(changes.Select(c => c.Type), ofCustomer.Select(e => e.Type()));
            Assert.Equal(changes.Select(c => c.Actor == "system" ? "system" : TestCredentials.UserActor(c.Actor)), ofCustomer.Select(e => e["actor"]!.GetValue<string>()));
            Assert.Equal(changes.Select(c => c.ResourceId), ofCustomer.Select(e => e.ResourceId()));
        }

        // The late order's events came after newer ids: a reader ordering by id would have skipped them.
        var lateEvents = seen.Where(e => e["customerId"]?.GetValue<Guid>() == late).ToList();
        Assert.Equal(["customer.created", "order.created", "lifecycle.stage-changed"], lateEvents.Select(e => e.Type()));
        var lateIndex = seen.IndexOf(lateEvents[1]);
        var lateId = lateEvents[1]["id"]!.GetValue<string>();
        Assert.Contains(seen.Take(lateIndex), e => string.CompareOrdinal(e["id"]!.GetValue<string>(), lateId) > 0);
        Assert.Equal(
            await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE position > (SELECT min(position) - 1 FROM events WHERE customer_id = '{late}')"),
            seen.Count);
    }

    [Fact]
    public async Task An_appended_event_whose_commit_waits_is_not_skipped_by_a_follower()
    {
        var setup = api.CreateClient();
        var head = await EventFeed.HeadAsync(setup);
        var late = (await setup.CreateCustomerAsync(new { type = "individual", name = "Slow Commit" }))["id"]!.GetValue<Guid>();

        // Make the late transaction wait at its very commit, after its events were appended: the
        // order's customer check is deferred to commit time and the customer's row is held.
        await api.ExecuteAsync("ALTER TABLE orders ALTER CONSTRAINT fk_orders_customers_customer_id DEFERRABLE INITIALLY DEFERRED");
        await using var blocker = new NpgsqlConnection(api.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM customers WHERE id = '{late}' FOR UPDATE", blocker, hold))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        // A cancelled order: no lifecycle reaction, so nothing locks the customer before the append.
        var lateOrder = EventFeed.PostAsync(api.CreateClient(), $"/api/v1/customers/{late}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 9.99m, status = "cancelled" }, "late-writer");
        await WaitUntilAsync(async () => await api.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);

        using var follow = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var writersDone = new TaskCompletionSource();
        var follower = FollowAsync(api.CreateClient(), head, writersDone.Task, follow.Token);
        var writers = Enumerable.Range(1, Writers).Select(w => WriteAsync(api.CreateClient(), 100 + w)).ToList();
        await Task.Delay(500);
        await hold.CommitAsync();
        using (var lateResponse = await lateOrder)
        {
            Assert.Equal(HttpStatusCode.Created, lateResponse.StatusCode);
        }

        var expected = await Task.WhenAll(writers);
        writersDone.SetResult();
        var seen = await follower;

        Assert.Equal(seen.Count, seen.Select(e => e["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Single(seen, e => e.Type() == "order.created" && e["customerId"]!.GetValue<Guid>() == late);
        foreach (var (customer, changes) in expected)
        {
            Assert.Equal(changes.Select(c => c.Type), seen.Where(e => e["customerId"]?.GetValue<Guid>() == customer).Select(e => e.Type()));
        }

        var (all, _) = await EventFeed.ReadAsync(setup, head);
        Assert.Equal(all.Select(e => e["id"]!.GetValue<string>()), seen.Select(e => e["id"]!.GetValue<string>()));
    }

    /// <summary>One writer: its own customer, then name changes, orders (some refused as duplicates) and interactions, one after the other.</summary>
    private static async Task<(Guid Customer, List<(string Type, string Actor, Guid ResourceId)> Changes)> WriteAsync(HttpClient client, int writer)
    {
        var actor = $"writer-{writer}";
        var changes = new List<(string Type, string Actor, Guid ResourceId)>();
        var customer = (await EventFeed.PostAsync(client, "/api/v1/customers", new { type = "individual", name = $"Writer {writer}" }, actor).CreatedAsync())["id"]!.GetValue<Guid>();
        changes.Add(("customer.created", actor, customer));
        var bought = false;
        for (var step = 1; step <= StepsPerWriter; step++)
        {
            switch (step % 3)
            {
                case 0:
                    var externalId = $"W{writer}-{step}";
                    var order = (await EventFeed.PostAsync(client, $"/api/v1/customers/{customer}/orders", new { externalId, orderedAt = "2026-01-15T10:00:00Z", amount = step }, actor).CreatedAsync())["id"]!.GetValue<Guid>();
                    changes.Add(("order.created", actor, order));
                    if (!bought)
                    {
                        changes.Add(("lifecycle.stage-changed", "system", customer));
                        bought = true;
                    }

                    using (var duplicate = await EventFeed.PostAsync(client, $"/api/v1/customers/{customer}/orders", new { externalId, orderedAt = "2026-01-15T10:00:00Z", amount = step }, actor))
                    {
                        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
                    }

                    break;
                case 1:
                    using (var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/customers/{customer}") { Content = Requests.Json(new { name = $"Writer {writer} step {step}" }, "application/merge-patch+json") })
                    {
                        request.Headers.Authorization = TestCredentials.Bearer(actor);
                        using var patched = await client.SendAsync(request);
                        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
                    }

                    changes.Add(("customer.updated", actor, customer));
                    break;
                default:
                    var interaction = (await EventFeed.PostAsync(client, $"/api/v1/customers/{customer}/interactions", new { channel = "email", direction = "outbound", type = "message", occurredAt = "2026-01-10T09:00:00Z" }, actor).CreatedAsync())["id"]!.GetValue<Guid>();
                    changes.Add(("interaction.created", actor, interaction));
                    break;
            }
        }

        return (customer, changes);
    }

    /// <summary>Polls the feed with the cursors it hands out until the writers are done and it has caught up.</summary>
    private static async Task<List<JsonObject>> FollowAsync(HttpClient client, string head, Task writersDone, CancellationToken cancellationToken)
    {
        var seen = new List<JsonObject>();
        var cursor = head;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var done = writersDone.IsCompleted;
            var page = await EventFeed.PageAsync(client, cursor, limit: 7);
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            seen.AddRange(items);
            cursor = page["nextCursor"]!.GetValue<string>();
            if (items.Count == 0)
            {
                if (done)
                {
                    return seen;
                }

                await Task.Delay(10, cancellationToken);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
