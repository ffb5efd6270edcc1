using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;

namespace CustomerRetention.Api.Tests.Events;

/// <summary>The event log through <c>GET /api/v1/events</c>: what each change appends, and the feed's paging and filters.</summary>
public sealed class EventFeedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<JsonObject> CreateCustomerAsync(string actor, object body) =>
        EventFeed.PostAsync(_client, "/api/v1/customers", body, actor).CreatedAsync();

    [Fact]
    public async Task Creating_a_customer_appends_customer_created_with_its_state_and_the_actor()
    {
        var head = await EventFeed.HeadAsync(_client);

        var customer = await CreateCustomerAsync("alice@example.com", new { type = "individual", name = "Ada Event", email = "ada@example.com", tags = new[] { "vip" } });

        var id = customer["id"]!.GetValue<Guid>();
        var (events, _) = await EventFeed.ReadAsync(_client, head, $"customerId={id}");
        var created = Assert.Single(events);
        Assert.Equal("customer.created", created.Type());
        Assert.Equal(id, created["customerId"]!.GetValue<Guid>());
        Assert.Equal("customer", created["resource"]!["type"]!.GetValue<string>());
        Assert.Equal(id, created.ResourceId());
        Assert.Equal(TestCredentials.UserActor("alice@example.com"), created["actor"]!.GetValue<string>());
        Assert.Null(created["origin"]);
        Assert.Equal(7, Guid.Parse(created["id"]!.GetValue<string>()).Version);
        Assert.Equal(customer["createdAt"]!.GetValue<string>(), created["occurredAt"]!.GetValue<string>());
        var state = created["data"]!["state"]!.AsObject();
        Assert.Equal("Ada Event", state["name"]!.GetValue<string>());
        Assert.Equal("ada@example.com", state["email"]!.GetValue<string>());
        Assert.Equal("awareness", state["lifecycleStage"]!.GetValue<string>());
        Assert.False(state.ContainsKey("rfm"));
        Assert.False(state.ContainsKey("etag"), "the row version is assigned at commit: a tag in the data would name the one before");
    }

    [Fact]
    public async Task The_actor_is_the_user_of_the_bearer_token()
    {
        var head = await EventFeed.HeadAsync(_client);

        var id = (await _client.CreateCustomerAsync(new { type = "individual", name = "No Header" }))["id"]!.GetValue<Guid>();

        var (events, _) = await EventFeed.ReadAsync(_client, head, $"customerId={id}");
        Assert.Equal(TestCredentials.AdminActor, Assert.Single(events)["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_names_the_changed_fields_and_a_patch_that_changes_nothing_appends_nothing()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Before", attributes = new { plan = "gold", seats = 3 } });
        var uri = $"/api/v1/customers/{customer["id"]}";
        var head = await EventFeed.HeadAsync(_client);

        using (var changed = await _client.PatchAsync(uri, new { name = "After", attributes = new { plan = "gold", seats = 4 } }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using (var same = await _client.PatchAsync(uri, new { name = "After", attributes = new { plan = "gold", seats = 4.0 } }))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        }

        var (events, _) = await EventFeed.ReadAsync(_client, head, $"customerId={customer["id"]}");
        var updated = Assert.Single(events);
        Assert.Equal("customer.updated", updated.Type());
        Assert.Equal(["name", "attributes"], updated["data"]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("After", updated["data"]!["state"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_archive_is_a_tombstone_without_personal_data()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Grace Tombstone", email = "grace.tombstone@example.com", phone = "+44 20 7946 0000" });
        var id = customer["id"]!.GetValue<Guid>();
        var head = await EventFeed.HeadAsync(_client);

        using (var archived = await _client.DeleteAsync($"/api/v1/customers/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        }

        var (events, _) = await EventFeed.ReadAsync(_client, head, $"customerId={id}");
        var tombstone = Assert.Single(events);
        Assert.Equal("customer.archived", tombstone.Type());
        Assert.Equal(id, tombstone["customerId"]!.GetValue<Guid>());
        Assert.Equal(["archivedAt"], tombstone["data"]!.AsObject().Select(m => m.Key));
        var raw = tombstone.ToJsonString();
        Assert.DoesNotContain("Grace", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("grace.tombstone", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_purchase_appends_the_order_then_the_stage_change_it_caused()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "First Buyer" });
        var id = customer["id"]!.GetValue<Guid>();
        var head = await EventFeed.HeadAsync(_client);

        var order = await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 42.50m }, "shop-sync").CreatedAsync();

        var (events, _) = await EventFeed.ReadAsync(_client, head, $"customerId={id}");
        Assert.Equal(["order.created", "lifecycle.stage-changed"], events.Select(e => e.Type()));
        var (recorded, moved) = (events[0], events[1]);
        Assert.Equal(order["id"]!.GetValue<Guid>(), recorded.ResourceId());
        Assert.Equal(TestCredentials.UserActor("shop-sync"), recorded["actor"]!.GetValue<string>());
        Assert.Equal(42.50m, recorded["data"]!["state"]!["amount"]!.GetValue<decimal>());
        Assert.False(recorded["data"]!["state"]!.AsObject().ContainsKey("etag"));
        Assert.Equal("system", moved["actor"]!.GetValue<string>());
        Assert.Equal(recorded["id"]!.GetValue<string>(), moved["origin"]!["eventId"]!.GetValue<string>());
        Assert.Equal(1, moved["origin"]!["depth"]!.GetValue<int>());
        Assert.Equal(id, moved["customerId"]!.GetValue<Guid>());
        Assert.Equal("awareness", moved["data"]!["fromStage"]!.GetValue<string>());
        Assert.Equal("retention", moved["data"]!["toStage"]!.GetValue<string>());
        Assert.Equal("first purchase", moved["data"]!["reason"]!.GetValue<string>());

        // A second purchase moves nobody: one event.
        await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/orders", new { orderedAt = "2026-02-15T10:00:00Z", amount = 10m }, "shop-sync").CreatedAsync();
        var (second, _) = await EventFeed.ReadAsync(_client, head, $"customerId={id}");
        Assert.Equal(["order.created", "lifecycle.stage-changed", "order.created"], second.Select(e => e.Type()));
    }

    [Fact]
    public async Task Refused_changes_append_nothing()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Refused" });
        var id = customer["id"]!.GetValue<Guid>();
        await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/orders", new { externalId = "ERP-REFUSED-1", orderedAt = "2026-01-15T10:00:00Z", amount = 1m }, "erp").CreatedAsync();
        var head = await EventFeed.HeadAsync(_client);
        var before = await api.DatabaseFingerprintAsync();

        using (var duplicate = await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/orders", new { externalId = "ERP-REFUSED-1", orderedAt = "2026-01-16T10:00:00Z", amount = 1m }, "erp"))
        {
            await duplicate.AssertProblemAsync(409);
        }

        using (var future = await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/orders", new { orderedAt = "2199-01-01T00:00:00Z", amount = 1m }, "erp"))
        {
            await future.AssertProblemAsync(400);
        }

        using (var transition = await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/lifecycle/transitions", new { toStage = "retention" }, "erp"))
        {
            await transition.AssertProblemAsync(409);
        }

        using (var missing = await EventFeed.PostAsync(_client, $"/api/v1/customers/{Guid.CreateVersion7()}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 1m }, "erp"))
        {
            await missing.AssertProblemAsync(404);
        }

        var (events, _) = await EventFeed.ReadAsync(_client, head);
        Assert.Empty(events);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Interactions_and_order_changes_append_their_events()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Touchpoints" });
        var id = customer["id"]!.GetValue<Guid>();
        var head = await EventFeed.HeadAsync(_client);

        var interaction = await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/interactions", new { channel = "phone", direction = "inbound", type = "call", occurredAt = "2026-01-10T09:00:00Z" }, "agent-7").CreatedAsync();
        using (var patched = await _client.PatchAsync($"/api/v1/interactions/{interaction["id"]}", new { subject = "Billing question" }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using (var deleted = await _client.DeleteAsync($"/api/v1/interactions/{interaction["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var order = await EventFeed.PostAsync(_client, $"/api/v1/customers/{id}/orders", new { orderedAt = "2026-01-11T09:00:00Z", amount = 80m }, "agent-7").CreatedAsync();
        using (var refunded = await _client.PatchAsync($"/api/v1/orders/{order["id"]}", new { status = "refunded", statusReason = "damaged" }))
        {
            Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        }

        using (var noted = await _client.PatchAsync($"/api/v1/orders/{order["id"]}", new { notes = "Courier lost the box" }))
        {
            Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        }

        var (events, _) = await EventFeed.ReadAsync(_client, head, $"customerId={id}");
        Assert.Equal(
            ["interaction.created", "interaction.updated", "interaction.deleted", "order.created", "lifecycle.stage-changed", "order.status-changed", "order.updated"],
            events.Select(e => e.Type()));
        Assert.Equal(TestCredentials.UserActor("agent-7"), events[0]["actor"]!.GetValue<string>());
        Assert.Equal(["subject"], events[1]["data"]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(TestCredentials.AdminActor, events[2]["data"]!["deletedBy"]!.GetValue<string>());
        Assert.Equal("completed", events[5]["data"]!["from"]!.GetValue<string>());
        Assert.Equal("refunded", events[5]["data"]!["to"]!.GetValue<string>());
        Assert.Equal("damaged", events[5]["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(["notes"], events[6]["data"]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal(id, e["customerId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Runs_models_and_the_segment_map_append_events_about_no_customer()
    {
        var head = await EventFeed.HeadAsync(_client);
        var map = await EventFeed.GetJsonAsync(_client, "/api/v1/rfm/segment-map");

        using (var replaced = await _client.PutAsync("/api/v1/rfm/segment-map", Requests.Json(map!)))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        var run = await EventFeed.PostAsync(_client, "/api/v1/rfm/runs", new { }, "analyst").CreatedAsync();
        var model = await EventFeed.PostAsync(_client, "/api/v1/clv/models", new { calibrationEnd = "2026-01-01" }, "analyst").CreatedAsync();

        var (events, _) = await EventFeed.ReadAsync(_client, head, "types=rfm.segment-map-replaced,rfm.run-requested,clv.model-requested");
        Assert.Equal(["rfm.segment-map-replaced", "rfm.run-requested", "clv.model-requested"], events.Select(e => e.Type()));
        Assert.All(events, e => Assert.Null(e["customerId"]));
        Assert.Equal(map!["cells"]!.AsArray().Count, events[0]["data"]!["cells"]!.AsArray().Count);
        Assert.Equal(run["id"]!.GetValue<Guid>(), events[1].ResourceId());
        Assert.Equal("rfm-run", events[1]["resource"]!["type"]!.GetValue<string>());
        Assert.Equal("queued", events[1]["data"]!["state"]!["status"]!.GetValue<string>());
        Assert.Equal(model["id"]!.GetValue<Guid>(), events[2].ResourceId());
        Assert.Equal(TestCredentials.UserActor("analyst"), events[2]["actor"]!.GetValue<string>());

        // Let the run and the model finish, so no background work writes during the other tests.
        await _client.WaitForRunAsync(run["id"]!.GetValue<Guid>());
        await _client.WaitForModelAsync(model["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Paging_returns_every_event_once_and_always_a_next_cursor()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Pager" });
        var id = customer["id"]!.GetValue<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            using var patched = await _client.PatchAsync($"/api/v1/customers/{id}", new { name = $"Pager {i}" });
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        var (all, end) = await EventFeed.ReadAsync(_client, null, $"customerId={id}");
        var (paged, pagedEnd) = await EventFeed.ReadAsync(_client, null, $"customerId={id}", limit: 2);

        Assert.Equal(6, all.Count);
        Assert.Equal(all.Select(e => e["id"]!.GetValue<string>()), paged.Select(e => e["id"]!.GetValue<string>()));

        // Caught up: no items, and the same position to poll with.
        var idle = await EventFeed.PageAsync(_client, end, $"customerId={id}");
        Assert.Empty(idle["items"]!.AsArray());
        var (nothing, _) = await EventFeed.ReadAsync(_client, idle["nextCursor"]!.GetValue<string>(), $"customerId={id}");
        Assert.Empty(nothing);
        var (fromPaged, _) = await EventFeed.ReadAsync(_client, pagedEnd, $"customerId={id}");
        Assert.Empty(fromPaged);

        using var later = await _client.PatchAsync($"/api/v1/customers/{id}", new { name = "Pager later" });
        var (news, _) = await EventFeed.ReadAsync(_client, end, $"customerId={id}");
        Assert.Equal("Pager later", Assert.Single(news)["data"]!["state"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Type_families_and_customers_filter_the_feed()
    {
        var a = (await _client.CreateCustomerAsync(new { type = "individual", name = "Filter A" }))["id"]!.GetValue<Guid>();
        var b = (await _client.CreateCustomerAsync(new { type = "individual", name = "Filter B" }))["id"]!.GetValue<Guid>();
        await EventFeed.PostAsync(_client, $"/api/v1/customers/{a}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 5m }, "x").CreatedAsync();
        await EventFeed.PostAsync(_client, $"/api/v1/customers/{b}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 5m }, "x").CreatedAsync();

        var (ofA, _) = await EventFeed.ReadAsync(_client, null, $"customerId={a}&types=customer.*,lifecycle.stage-changed");
        var (orders, _) = await EventFeed.ReadAsync(_client, null, "types=order.*");

        Assert.Equal(["customer.created", "lifecycle.stage-changed"], ofA.Select(e => e.Type()));
        Assert.All(orders, e => Assert.StartsWith("order.", e.Type(), StringComparison.Ordinal));
        Assert.Contains(orders, e => e["customerId"]!.GetValue<Guid>() == a);
        Assert.Contains(orders, e => e["customerId"]!.GetValue<Guid>() == b);
    }

    [Theory]
    [InlineData("types=customer.creatd", "types")]
    [InlineData("types=nothing.*", "types")]
    [InlineData("types=,", "types")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("customerId=42", "customerId")]
    public async Task Bad_feed_parameters_are_400_naming_the_parameter(string query, string member)
    {
        using var response = await _client.GetAsync($"/api/v1/events?{query}");

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
    }

    [Fact]
    public async Task A_cursor_of_another_list_is_refused()
    {
        await _client.CreateCustomerAsync(new { type = "individual", name = "Cursor 1" });
        await _client.CreateCustomerAsync(new { type = "individual", name = "Cursor 2" });
        var list = await EventFeed.GetJsonAsync(_client, "/api/v1/customers?limit=1");
        var foreign = list!["nextCursor"]!.GetValue<string>();

        using var response = await _client.GetAsync($"/api/v1/events?after={Uri.EscapeDataString(foreign)}");

        Assert.Contains("after", (await response.AssertProblemAsync(400)).ErrorKeys());
    }

    [Fact]
    public async Task An_unknown_type_names_the_known_ones()
    {
        using var response = await _client.GetAsync("/api/v1/events?types=order.creatd");

        var problem = await response.AssertProblemAsync(400);
        var message = problem["errors"]!["types"]![0]!.GetValue<string>();
        Assert.Contains("order.creatd", message, StringComparison.Ordinal);
        Assert.Contains("order.created", message, StringComparison.Ordinal);
    }
}
