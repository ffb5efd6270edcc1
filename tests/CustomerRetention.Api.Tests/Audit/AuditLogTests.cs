using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Events;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Audit;

/// <summary>What the audit log shows of the changes made through the API: action, resource, actor and, for updates, old and new values.</summary>
public sealed class AuditLogTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    [Fact]
    public async Task Every_change_made_through_the_api_appears_newest_first_with_its_action_resource_and_actor()
    {
        var actor = AuditLog.NewUser();
        var expected = new List<(string Action, string Type, Guid Id)>();

        var customer = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/customers", new { type = "individual", name = "Audit Everything" }, actor))!;
        var customerId = customer["id"]!.GetValue<Guid>();
        expected.Add(("customer.created", "customer", customerId));
        await AuditLog.PatchAsync(_api, $"/api/v1/customers/{customerId}", new { name = "Audit Everything Renamed" }, actor);
        expected.Add(("customer.updated", "customer", customerId));
        await AuditLog.SendAsync(_api, HttpMethod.Post, $"/api/v1/customers/{customerId}/lifecycle/transitions", new { toStage = "interest" }, actor);
        expected.Add(("lifecycle.stage-changed", "customer", customerId));

        var interaction = (await AuditLog.SendAsync(
            _api, HttpMethod.Post, $"/api/v1/customers/{customerId}/interactions", new { channel = "phone", direction = "inbound", type = "call", occurredAt = "2026-01-10T09:00:00Z" }, actor))!;
        var interactionId = interaction["id"]!.GetValue<Guid>();
        expected.Add(("interaction.created", "interaction", interactionId));
        await AuditLog.PatchAsync(_api, $"/api/v1/interactions/{interactionId}", new { subject = "Billing" }, actor);
        expected.Add(("interaction.updated", "interaction", interactionId));
        await AuditLog.SendAsync(_api, HttpMethod.Delete, $"/api/v1/interactions/{interactionId}", null, actor);
        expected.Add(("interaction.deleted", "interaction", interactionId));

        var order = (await AuditLog.SendAsync(_api, HttpMethod.Post, $"/api/v1/customers/{customerId}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 20m }, actor))!;
        var orderId = order["id"]!.GetValue<Guid>();
        expected.Add(("order.created", "order", orderId));
        await AuditLog.PatchAsync(_api, $"/api/v1/orders/{orderId}", new { notes = "Gift wrap" }, actor);
        expected.Add(("order.updated", "order", orderId));
        await AuditLog.PatchAsync(_api, $"/api/v1/orders/{orderId}", new { status = "refunded", statusReason = "Returned" }, actor);
        expected.Add(("order.status-changed", "order", orderId));

        var map = await _api.GetJsonAsync("/api/v1/rfm/segment-map");
        await AuditLog.SendAsync(_api, HttpMethod.Put, "/api/v1/rfm/segment-map", new JsonObject { ["cells"] = map["cells"]!.DeepClone() }, actor);
        expected.Add(("rfm.segment-map-replaced", "rfm-segment-map", Guid.Empty));
        var run = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/rfm/runs", new { }, actor))!;
        expected.Add(("rfm.run-requested", "rfm-run", run["id"]!.GetValue<Guid>()));
        var model = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/clv/models", new { calibrationEnd = "2026-01-01" }, actor))!;
        expected.Add(("clv.model-requested", "clv-model", model["id"]!.GetValue<Guid>()));

        await AuditLog.SendAsync(_api, HttpMethod.Delete, $"/api/v1/customers/{customerId}", null, actor);
        expected.Add(("customer.archived", "customer", customerId));

        var entries = await AuditLog.ReadAsync(_api, $"actor={Uri.EscapeDataString(actor)}");
        expected.Reverse();
        Assert.Equal(expected, entries.Select(e => (e.Action(), e.Resource().Type, e.Resource().Id)));
        Assert.All(entries, e => Assert.Equal(actor, e.Actor()));
        Assert.All(entries.Where(e => e.Resource().Type is "customer" or "interaction" or "order"), e => Assert.Equal(customerId, e["customerId"]!.GetValue<Guid>()));
        Assert.All(entries.Where(e => e.Resource().Type is "rfm-run" or "rfm-segment-map" or "clv-model"), e => Assert.Null(e["customerId"]));
        Assert.All(entries.Where(e => !e.Action().EndsWith(".updated", StringComparison.Ordinal)), e => Assert.Empty(e["changes"]!.AsArray()));

        foreach (var type in new[] { "customer", "interaction", "order", "rfm-run", "rfm-segment-map", "clv-model" })
        {
            var ofType = await AuditLog.ReadAsync(_api, $"actor={Uri.EscapeDataString(actor)}&resourceType={type}");
            Assert.Equal(entries.Where(e => e.Resource().Type == type).Select(e => e["id"]!.GetValue<Guid>()), ofType.Select(e => e["id"]!.GetValue<Guid>()));
            Assert.NotEmpty(ofType);
        }

        // The first purchase moved the customer on automatically: recorded as the system's change.
        var automatic = Assert.Single(await AuditLog.ReadAsync(_api, $"customerId={customerId}&actor=system"));
        Assert.Equal(("lifecycle.stage-changed", "customer", customerId), (automatic.Action(), automatic.Resource().Type, automatic.Resource().Id));
    }

    [Fact]
    public async Task A_profile_change_shows_each_changed_field_with_its_old_and_new_value()
    {
        var actor = AuditLog.NewUser();
        var customer = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/customers", new
        {
            type = "individual",
            name = "Maria Before",
            company = "Schneider GmbH",
            address = new { line1 = "Hauptstraße 12", city = "Berlin", postalCode = "10115", country = "DE" },
            tags = new[] { "vip" },
        }, actor))!;
        var id = customer["id"]!.GetValue<Guid>();

        await AuditLog.PatchAsync(_api, $"/api/v1/customers/{id}", new { name = "Maria After", company = (string?)null, address = new { line2 = "3. OG" }, tags = new[] { "vip", "b2b" } }, actor);

        var entry = Assert.Single(await AuditLog.ReadAsync(_api, $"resourceId={id}&action=customer.updated"));
        var changes = entry.Changes();
        Assert.Equal(["name", "company", "address", "tags"], entry["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()));
        Assert.Equal(("\"Maria Before\"", "\"Maria After\""), changes["name"]);
        Assert.Equal(("\"Schneider GmbH\"", null), changes["company"]);
        Assert.Equal(("[\"vip\"]", "[\"vip\",\"b2b\"]"), changes["tags"]);
        var (oldAddress, newAddress) = (JsonNode.Parse(changes["address"].Old!)!, JsonNode.Parse(changes["address"].New!)!);
        Assert.True(JsonNode.DeepEquals(customer["address"], oldAddress), oldAddress.ToJsonString());
        Assert.Null(oldAddress["line2"]);
        Assert.Equal("3. OG", newAddress["line2"]!.GetValue<string>());
        Assert.Equal("Berlin", newAddress["city"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_event_log_records_previous_values_in_the_shape_of_the_state()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Shape", address = new { city = "Paris", country = "fr" }, consent = new { email = true } });
        var id = customer["id"]!.GetValue<Guid>();
        var head = await EventFeed.HeadAsync(_api.Http);

        using (var patched = await _api.PatchCustomerAsync(id, new { address = new { city = "Lyon" }, consent = new { email = false }, birthday = "1990-05-01" }))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }

        var (events, _) = await EventFeed.ReadAsync(_api.Http, head, $"customerId={id}");
        var data = Assert.Single(events)["data"]!.AsObject();
        var previous = data["previous"]!.AsObject();
        Assert.Equal(data["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()).Order(StringComparer.Ordinal), previous.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(customer["address"], previous["address"]), previous.ToJsonString());
        Assert.True(JsonNode.DeepEquals(customer["consent"], previous["consent"]), previous.ToJsonString());
        Assert.Null(previous["birthday"]);
        Assert.True(previous.ContainsKey("birthday"), "a field that was empty is in previous as null");
    }

    [Fact]
    public async Task Interaction_and_order_updates_show_old_and_new_values()
    {
        var customerId = await _api.NewCustomerIdAsync("Touch Values");
        var interaction = await _api.CreateInteractionAsync(customerId, new { channel = "phone", direction = "inbound", type = "call", occurredAt = "2026-01-10T09:00:00Z", subject = "Old subject", npsScore = 6 });
        var order = await _api.CreateOrderAsync(customerId, new { orderedAt = "2026-01-15T10:00:00Z", amount = 10m, notes = "Old note" });

        using (var patched = await _api.PatchInteractionAsync(interaction["id"]!, new { subject = "New subject", npsScore = (int?)null, channel = "email" }))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }

        using (var patched = await _api.PatchOrderAsync(order["id"]!, new { notes = "New note" }))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }

        var updates = await AuditLog.ReadAsync(_api, $"customerId={customerId}&action=interaction.updated");
        var interactionChanges = Assert.Single(updates).Changes();
        Assert.Equal(("\"Old subject\"", "\"New subject\""), interactionChanges["subject"]);
        Assert.Equal(("6", null), interactionChanges["npsScore"]);
        Assert.Equal(("\"phone\"", "\"email\""), interactionChanges["channel"]);
        var orderChanges = Assert.Single(await AuditLog.ReadAsync(_api, $"customerId={customerId}&action=order.updated")).Changes();
        Assert.Equal(("\"Old note\"", "\"New note\""), Assert.Single(orderChanges).Value);
    }

    [Fact]
    public async Task An_update_recorded_before_old_values_were_shows_old_as_null()
    {
        var id = Guid.CreateVersion7();
        await api.ExecuteAsync("""
            INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
            VALUES ('@event', 'customer.updated', now(), '@id', 'customer', '@id', 'legacy-writer', NULL,
                    '{ "changedFields": ["name"], "state": { "name": "Renamed" } }')
            """.Replace("@event", Guid.CreateVersion7().ToString(), StringComparison.Ordinal).Replace("@id", id.ToString(), StringComparison.Ordinal));

        var entry = Assert.Single(await AuditLog.ReadAsync(_api, $"resourceId={id}"));

        Assert.Equal("legacy-writer", entry.Actor());
        Assert.Equal((null, "\"Renamed\""), entry.Changes()["name"]);
    }
}
