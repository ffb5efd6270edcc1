using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>The orders import: the single order's rules per row, the set-based merge, its events and the automatic stage changes.</summary>
public sealed class OrderImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Csv(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    [Fact]
    public async Task A_csv_import_creates_orders_refuses_bad_rows_and_moves_a_prospect_as_a_single_order_would()
    {
        var prospect = await CustomerIdAsync("oc-buyer", "interest");
        var holder = await CustomerIdAsync("oc-holder", "retention");
        await OrderAsync(holder, new { externalId = "oc-existing", orderedAt = "2026-01-05T10:00:00Z", amount = 20m, channel = "online" });

        var done = await _client.ImportAsync(ImportTestSupport.Csv(Csv(
            "externalId,customerExternalId,orderedAt,status,amount,currency,channel,notes",
            "oc-1,oc-buyer,2026-01-10T10:00:00Z,,25.50,USD,online,first",
            "oc-2,oc-nobody,2026-01-11T10:00:00Z,,10,,,",
            "oc-3,oc-buyer,2026-01-12T10:00:00Z,,10,EUR,,",
            "oc-dup,oc-buyer,2026-01-13T10:00:00Z,,10,,,",
            "oc-dup,oc-buyer,2026-01-14T10:00:00Z,,11,,,",
            "oc-existing,oc-holder,2026-01-05T10:00:00Z,,99,,online,",
            "oc-4,oc-buyer,2026-01-09T10:00:00Z,,5,USD,store,")), "orders");

        Assert.Equal(("succeeded", 2L, 0L, 0L, 5L), (done["status"]!.GetValue<string>(), done.Count("created"), done.Count("updated"), done.Count("unchanged"), done.Count("failed")));
        var errors = await _client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal(
            [(3L, "customerExternalId"), (4L, "currency"), (5L, "externalId"), (6L, "externalId"), (7L, "amount")],
            errors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).ToList());
        Assert.StartsWith("order-field-immutable:", errors[4]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("rows 5, 6", errors[2]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("oc-1:25.50:online:first|oc-4:5.00:store:", await api.ScalarAsync<string>(
            $"SELECT string_agg(external_id || ':' || amount || ':' || coalesce(channel, '') || ':' || coalesce(notes, ''), '|' ORDER BY external_id) FROM orders WHERE customer_id = '{prospect}'"));
        Assert.Equal(20m, await api.ScalarAsync<decimal>("SELECT amount FROM orders WHERE external_id = 'oc-existing'"));

        // The earliest completed order of the chunk (oc-4, row 8) decides: one transition, one event.
        Assert.Equal("interest>retention:first purchase:automatic:system:2026-01-09 10:00:00+00", await api.ScalarAsync<string>(
            $"SELECT string_agg(from_stage || '>' || to_stage || ':' || reason || ':' || source || ':' || actor || ':' || (occurred_at AT TIME ZONE 'UTC')::text || '+00', '|') FROM stage_transitions WHERE customer_id = '{prospect}' AND from_stage IS NOT NULL"));
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'lifecycle.stage-changed' AND customer_id = '{prospect}'"));
        Assert.Equal(
            await api.ScalarAsync<Guid>("SELECT e.id FROM events e JOIN orders o ON o.id = e.resource_id WHERE e.type = 'order.created' AND o.external_id = 'oc-4'"),
            await api.ScalarAsync<Guid>($"SELECT (origin->>'eventId')::uuid FROM events WHERE type = 'lifecycle.stage-changed' AND customer_id = '{prospect}'"));

        // The same order through the single endpoint, for a customer in the same stage: the same rows and event data.
        var single = await CustomerIdAsync("oc-single", "interest");
        await OrderAsync(single, new { externalId = "oc-single-4", orderedAt = "2026-01-09T10:00:00Z", amount = 5m, currency = "USD", channel = "store" });
        Assert.Equal(await StageAsync(single), await StageAsync(prospect));
        Assert.Equal(await EventRowAsync(single, "lifecycle.stage-changed", "id", "recordedAt"), await EventRowAsync(prospect, "lifecycle.stage-changed", "id", "recordedAt"));
        Assert.Equal(await OrderEventAsync("oc-single-4"), await OrderEventAsync("oc-4"));
    }

    [Fact]
    public async Task An_ndjson_import_checks_items_and_a_reimport_is_unchanged_while_status_and_notes_update()
    {
        var buyer = await CustomerIdAsync("on-buyer", "decision");
        var churned = await CustomerIdAsync("on-churned", "churned");
        var lines = new[]
        {
            """{"externalId":"on-1","customerExternalId":"on-buyer","orderedAt":"2026-02-01T08:00:00Z","amount":30,"items":[{"sku":"A","quantity":2,"unitPrice":10},{"sku":"B","name":"Bee","quantity":1,"unitPrice":10}]}""",
            """{"externalId":"on-2","customerExternalId":"on-buyer","orderedAt":"2026-02-02T08:00:00Z","amount":31,"items":[{"sku":"A","quantity":3,"unitPrice":10}]}""",
            $$"""{"externalId":"on-3","customerId":"{{churned}}","orderedAt":"2026-02-03T08:00:00Z","amount":12.5,"status":"completed"}""",
            $$"""{"customerId":"{{churned}}","orderedAt":"2026-02-03T08:00:00Z","amount":1}""",
            """{"externalId":"on-5","customerExternalId":"on-buyer","orderedAt":"2026-02-04T08:00:00Z","amount":7,"status":"cancelled"}""",
        };
        var file = string.Join('\n', lines) + "\n";

        var done = await _client.ImportAsync(ImportTestSupport.Ndjson(file), "orders");

        Assert.Equal((3L, 2L), (done.Count("created"), done.Count("failed")));
        var errors = await _client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal([(2L, "amount"), (4L, "externalId")], errors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).ToList());
        Assert.Equal("[{\"sku\": \"A\", \"name\": null, \"category\": null, \"quantity\": 2, \"unitPrice\": 10}, {\"sku\": \"B\", \"name\": \"Bee\", \"category\": null, \"quantity\": 1, \"unitPrice\": 10}]",
            await api.ScalarAsync<string>("SELECT items::text FROM orders WHERE external_id = 'on-1'"));
        Assert.Equal("decision>retention:first purchase", await TransitionsAsync(buyer));
        Assert.Equal("churned>retention:win-back", await TransitionsAsync(churned));
        var orderId = await api.ScalarAsync<Guid>("SELECT id FROM orders WHERE external_id = 'on-1'");
        var created = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'order.created' AND resource_id = '{orderId}'"))!;
        Assert.Equal(buyer, created["state"]!["customerId"]!.GetValue<Guid>());
        Assert.Equal(2, created["state"]!["items"]!.AsArray().Count);

        // The same file again: every row unchanged, no new event.
        var events = await OrderEventsAsync();
        var again = await _client.ImportAsync(ImportTestSupport.Ndjson(file), "orders");
        Assert.Equal((0L, 0L, 3L, 2L), (again.Count("created"), again.Count("updated"), again.Count("unchanged"), again.Count("failed")));
        Assert.Equal(events, await OrderEventsAsync());

        // A refund and a new note, but the refund's key twice in the file: only the note applies.
        var changes = await _client.ImportAsync(ImportTestSupport.Ndjson(string.Join('\n',
            """{"externalId":"on-1","customerExternalId":"on-buyer","orderedAt":"2026-02-01T08:00:00Z","amount":30,"status":"refunded","statusReason":" damaged "}""",
            $$"""{"externalId":"on-3","customerId":"{{churned}}","orderedAt":"2026-02-03T08:00:00Z","amount":12.5,"notes":"gift"}""",
            """{"externalId":"on-5","customerExternalId":"on-buyer","orderedAt":"2026-02-04T08:00:00Z","amount":7,"status":"completed"}""",
            """{"externalId":"on-1","customerExternalId":"on-buyer","orderedAt":"2026-02-01T08:00:00Z","amount":30,"items":[{"sku":"A","quantity":3,"unitPrice":10}]}""")), "orders");
        Assert.Equal((0L, 1L, 0L, 3L), (changes.Count("created"), changes.Count("updated"), changes.Count("unchanged"), changes.Count("failed")));
        var changeErrors = await _client.ErrorsAsync(changes["id"]!.GetValue<Guid>());
        Assert.Equal([(1L, "externalId"), (3L, "status"), (4L, "externalId")], changeErrors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).ToList());

        var fixedChanges = await _client.ImportAsync(ImportTestSupport.Ndjson(string.Join('\n',
            """{"externalId":"on-1","customerExternalId":"on-buyer","orderedAt":"2026-02-01T08:00:00Z","amount":30,"status":"refunded","statusReason":" damaged "}""",
            $$"""{"externalId":"on-3","customerId":"{{churned}}","orderedAt":"2026-02-03T08:00:00Z","amount":12.5,"items":[{"sku":"Z","quantity":1,"unitPrice":12.5}]}""",
            """{"externalId":"on-5","customerExternalId":"on-buyer","orderedAt":"2026-02-04T08:00:00Z","amount":7,"status":"completed"}""",
            """{"externalId":"on-6","customerExternalId":"on-buyer","orderedAt":"2026-02-01T08:00:00Z","amount":30,"items":[{"sku":"A","quantity":3,"unitPrice":10}]}""")), "orders");
        Assert.Equal((1L, 1L, 0L, 2L), (fixedChanges.Count("created"), fixedChanges.Count("updated"), fixedChanges.Count("unchanged"), fixedChanges.Count("failed")));
        var fixedErrors = await _client.ErrorsAsync(fixedChanges["id"]!.GetValue<Guid>());
        Assert.Equal([(2L, "items"), (3L, "status")], fixedErrors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).ToList());
        Assert.StartsWith("order-status-change-not-allowed:", fixedErrors[1]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var refunded = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/orders/{orderId}"))!;
        Assert.Equal(("refunded", "damaged"), (refunded["status"]!.GetValue<string>(), refunded["statusReason"]!.GetValue<string>()));
        refunded.Remove("etag");
        var statusEvent = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'order.status-changed' AND resource_id = '{orderId}'"))!;
        Assert.Equal(("completed", "refunded", "damaged"), (statusEvent["from"]!.GetValue<string>(), statusEvent["to"]!.GetValue<string>(), statusEvent["reason"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(refunded, statusEvent["state"]), $"event {statusEvent["state"]!.ToJsonString()} vs order {refunded.ToJsonString()}");
        var notesId = await api.ScalarAsync<Guid>("SELECT id FROM orders WHERE external_id = 'on-3'");
        var notesEvent = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'order.updated' AND resource_id = '{notesId}'"))!;
        var noted = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/orders/{notesId}"))!;
        noted.Remove("etag");
        Assert.Equal("[\"notes\"]", notesEvent["changedFields"]!.ToJsonString());
        Assert.Equal("{\"notes\":null}", notesEvent["previous"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(noted, notesEvent["state"]), $"event {notesEvent["state"]!.ToJsonString()} vs order {noted.ToJsonString()}");

        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'order.updated' AND resource_id = '{notesId}'"));

        // A refund is no purchase: the stages stay as the first import left them.
        Assert.Equal("decision>retention:first purchase", await TransitionsAsync(buyer));
    }

    [Fact]
    public async Task An_agent_cannot_import_orders_for_another_owners_customer()
    {
        var agent = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        await _client.CreateCustomerAsync(new { type = "individual", name = "Agent Mine", externalId = "oa-mine", ownerId = agent });
        var theirs = (await _client.CreateCustomerAsync(new { type = "individual", name = "Agent Theirs", externalId = "oa-theirs", ownerId = other }))["id"]!.GetValue<Guid>();
        await OrderAsync(theirs, new { externalId = "oa-taken", orderedAt = "2026-03-01T10:00:00Z", amount = 3m });
        var client = api.AsRole("agent", agent);

        var done = await client.ImportAsync(ImportTestSupport.Csv(Csv(
            "externalId,customerExternalId,customerId,orderedAt,amount",
            "oa-1,oa-mine,,2026-03-02T10:00:00Z,4",
            "oa-2,oa-theirs,,2026-03-02T10:00:00Z,4",
            $"oa-3,,{theirs},2026-03-02T10:00:00Z,4",
            "oa-taken,oa-mine,,2026-03-01T10:00:00Z,3")), "orders");

        Assert.Equal((1L, 3L), (done.Count("created"), done.Count("failed")));
        var errors = await client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal([(3L, "customerExternalId"), (4L, "customerId"), (5L, "externalId")], errors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).ToList());
        Assert.StartsWith("duplicate-order:", errors[2]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("oa-taken", await api.ScalarAsync<string>($"SELECT string_agg(external_id, '|') FROM orders WHERE customer_id = '{theirs}'"));
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM orders WHERE external_id LIKE 'oa-_'"));
    }

    [Fact]
    public async Task The_import_locks_a_buyer_before_reading_its_stage_so_a_concurrent_purchase_is_not_doubled()
    {
        var buyer = await CustomerIdAsync("ol-buyer", "awareness");
        await using var other = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        // The lock an UPDATE of the customer takes: the new order's foreign-key check does not wait for it, only the import's own lock does.
        await using (var hold = new Npgsql.NpgsqlCommand($"SELECT 1 FROM customers WHERE id = '{buyer}' FOR NO KEY UPDATE", other, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        // The import starts while another transaction (a purchase recorded elsewhere, say) holds the buyer's row.
        var import = _client.ImportAsync(ImportTestSupport.Csv(Csv("externalId,customerExternalId,orderedAt,amount", "ol-1,ol-buyer,2026-04-01T10:00:00Z,8")), "orders");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await api.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> {other.ProcessID}") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline && !import.IsCompleted, "the import never waited for the buyer's row");
            await Task.Delay(50);
        }

        // That transaction moves the customer (its first purchase) and commits; the import then reads retention.
        await using (var move = new Npgsql.NpgsqlCommand($"UPDATE customers SET lifecycle_stage = 'retention', stage_entered_at = '2026-04-01T09:00:00Z' WHERE id = '{buyer}'", other, transaction))
        {
            await move.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        var done = await import;

        Assert.Equal((1L, 0L), (done.Count("created"), done.Count("failed")));
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{buyer}' AND source = 'automatic'"));
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'lifecycle.stage-changed' AND customer_id = '{buyer}'"));
        Assert.Equal("retention", await api.ScalarAsync<string>($"SELECT lifecycle_stage FROM customers WHERE id = '{buyer}'"));
    }

    [Theory]
    [InlineData("externalId,orderedAt,amount\r\noh-1,2026-01-01T00:00:00Z,1\r\n", "'customerExternalId' or 'customerId'")]
    [InlineData("externalId,customerId,orderedAt,amount,items\r\n", "'items'")]
    [InlineData("customerId,orderedAt,amount\r\n", "'externalId' is required")]
    public async Task A_wrong_orders_header_is_a_400_and_nothing_is_stored(string csv, string named)
    {
        var before = await api.ScalarAsync<string>("SELECT (SELECT count(*) FROM imports) || '/' || (SELECT count(*) FROM orders) || '/' || (SELECT count(*) FROM events)");
        using var response = await _client.UploadAsync(new StringContent(csv, Encoding.UTF8, "text/csv"), "orders");

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(named, problem["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await api.ScalarAsync<string>("SELECT (SELECT count(*) FROM imports) || '/' || (SELECT count(*) FROM orders) || '/' || (SELECT count(*) FROM events)"));
    }

    private async Task<Guid> CustomerIdAsync(string externalId, string stage) =>
        (await _client.CreateCustomerAsync(new { type = "individual", name = externalId, externalId, lifecycleStage = stage, stageEnteredAt = "2025-06-01T00:00:00Z" }))["id"]!.GetValue<Guid>();

    private async Task OrderAsync(Guid customerId, object body)
    {
        using var response = await _client.PostAsJsonAsync($"/api/v1/customers/{customerId}/orders", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<string> StageAsync(Guid customerId) =>
        api.ScalarAsync<string>($"SELECT lifecycle_stage || ' ' || stage_entered_at::text FROM customers WHERE id = '{customerId}'");

    private Task<string> TransitionsAsync(Guid customerId) =>
        api.ScalarAsync<string>($"SELECT string_agg(from_stage || '>' || to_stage || ':' || reason, '|' ORDER BY occurred_at) FROM stage_transitions WHERE customer_id = '{customerId}' AND from_stage IS NOT NULL");

    /// <summary>An event of the customer as a comparable text: its row's columns and data, without the members that name this very row.</summary>
    private async Task<string> EventRowAsync(Guid customerId, string type, params string[] without) =>
        await api.ScalarAsync<string>(
            $"SELECT concat_ws(' ', resource_type, actor, origin->>'depth', (data - '{{{string.Join(",", without)}}}'::text[])::text) FROM events WHERE type = '{type}' AND customer_id = '{customerId}'");

    /// <summary>The order.created data of an order, without what differs between two orders (ids, keys, times of recording).</summary>
    private Task<string> OrderEventAsync(string externalId) =>
        api.ScalarAsync<string>(
            $"SELECT concat_ws(' ', e.resource_type, e.origin IS NULL, ((e.data->'state') - '{{id,customerId,externalId,createdAt,updatedAt}}'::text[])::text) FROM events e JOIN orders o ON o.id = e.resource_id WHERE e.type = 'order.created' AND o.external_id = '{externalId}'");

    private Task<long> OrderEventsAsync() =>
        api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type LIKE 'order.%' OR type = 'lifecycle.stage-changed'");
}
