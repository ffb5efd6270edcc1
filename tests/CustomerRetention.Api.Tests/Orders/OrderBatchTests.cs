using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Orders;

/// <summary>
/// <c>POST /api/v1/orders/batch</c> (SPEC §10.2): orders keyed by <c>externalId</c>, naming their
/// customer by id or externalId, with the rules of a single order — amount and items, currency,
/// the automatic stage transitions — and only status and notes changing on a recorded order.
/// </summary>
public sealed class OrderBatchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Path = "/api/v1/orders/batch";

    private readonly ApiClient _client = api.CreateApiClient();

    [Fact]
    public async Task Orders_are_recorded_for_customers_named_either_way_and_a_first_purchase_moves_the_prospect()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var byKey = await _client.CreateCustomerAsync(new { externalId = $"{run}-c1", type = "individual", name = "By key" });
        var byId = await _client.CreateCustomerAsync(new { type = "individual", name = "By id", lifecycleStage = "retention" });

        var results = await _client.BatchAsync(Path, new object[]
        {
            Order($"{run}-o1", customerExternalId: $"{run}-c1"),
            Order($"{run}-o2", customerId: byId["id"]!.GetValue<Guid>()),
            Order($"{run}-o3", customerExternalId: $"{run}-c1", orderedAt: "2025-05-02T10:00:00Z"),
        });

        Assert.Equal(["created", "created", "created"], results.Select(Status));
        Assert.Equal(byKey["id"]!.GetValue<Guid>(), (await _client.GetOrderAsync(results[0]!["id"]!))["customerId"]!.GetValue<Guid>());
        Assert.Equal(byId["id"]!.GetValue<Guid>(), (await _client.GetOrderAsync(results[1]!["id"]!))["customerId"]!.GetValue<Guid>());
        Assert.Equal("retention", (await _client.GetCustomerAsync(byKey["id"]!))["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{byKey["id"]}' AND reason = 'first purchase'"));
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'lifecycle.stage-changed' AND customer_id = '{byKey["id"]}'"));
        Assert.Equal(3, await api.ScalarAsync<long>($"SELECT count(*) FROM events e JOIN orders o ON o.id = e.resource_id WHERE e.type = 'order.created' AND o.external_id LIKE '{run}-%'"));
    }

    [Fact]
    public async Task The_same_orders_again_are_unchanged_and_a_status_or_notes_change_is_an_update_with_its_event()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await _client.CreateCustomerAsync(new { externalId = $"{run}-c", type = "individual", name = "Again" });
        object[] items = [Order($"{run}-o1", customerExternalId: $"{run}-c"), Order($"{run}-o2", customerExternalId: $"{run}-c")];
        var created = await _client.BatchAsync(Path, items);
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM events");
        var orders = await api.ScalarAsync<string>($"SELECT string_agg(o::text, '|' ORDER BY id) FROM orders o WHERE external_id LIKE '{run}-%'");

        var again = await _client.BatchAsync(Path, items);

        Assert.Equal(["unchanged", "unchanged"], again.Select(Status));
        Assert.Equal(created.Select(r => r!["id"]!.GetValue<Guid>()), again.Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal(before, await api.ScalarAsync<long>("SELECT count(*) FROM events"));
        Assert.Equal(orders, await api.ScalarAsync<string>($"SELECT string_agg(o::text, '|' ORDER BY id) FROM orders o WHERE external_id LIKE '{run}-%'"));

        var changed = await _client.BatchAsync(Path, new object[]
        {
            Order($"{run}-o1", customerExternalId: $"{run}-c", status: "refunded", statusReason: "Returned"),
            Order($"{run}-o2", customerExternalId: $"{run}-c", notes: "Left at the door"),
        });

        Assert.Equal(["updated", "updated"], changed.Select(Status));
        var refunded = await _client.GetOrderAsync(changed[0]!["id"]!);
        Assert.Equal("refunded", refunded["status"]!.GetValue<string>());
        Assert.Equal("Returned", refunded["statusReason"]!.GetValue<string>());
        Assert.Equal("Left at the door", (await _client.GetOrderAsync(changed[1]!["id"]!))["notes"]!.GetValue<string>());
        Assert.Equal(["order.status-changed", "order.updated"], await EventTypesAfterAsync(before));
    }

    [Fact]
    public async Task Each_bad_item_gets_the_error_a_single_order_would_and_the_others_are_recorded()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var customer = await _client.CreateCustomerAsync(new { externalId = $"{run}-c", type = "individual", name = "Errors" });
        await _client.BatchAsync(Path, new[] { Order($"{run}-kept", customerExternalId: $"{run}-c") });
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM events");

        var results = await _client.BatchAsync(Path, new object[]
        {
            Order($"{run}-o0", customerExternalId: $"{run}-nobody"),
            new { externalId = $"{run}-o1", customerExternalId = $"{run}-c", orderedAt = "2025-05-01T10:00:00Z", amount = 10.00m, currency = "EUR" },
            new { externalId = $"{run}-o2", customerExternalId = $"{run}-c", orderedAt = "2025-05-01T10:00:00Z", amount = 10.00m, items = new[] { new { sku = "A", quantity = 1, unitPrice = 9.00m } } },
            new { externalId = $"{run}-o3", customerId = customer["id"]!.GetValue<Guid>(), customerExternalId = $"{run}-c", orderedAt = "2025-05-01T10:00:00Z", amount = 1m },
            Order($"{run}-kept", customerExternalId: $"{run}-c", amount: 99.00m),
            Order($"{run}-o5", customerExternalId: $"{run}-c"),
            new { externalId = $"{run}-o6", orderedAt = "2025-05-01T10:00:00Z", amount = 1m },
        });

        Assert.Equal(["error", "error", "error", "error", "error", "created", "error"], results.Select(Status));
        Assert.Equal("not-found", Code(results[0]));
        Assert.Equal("validation-failed", Code(results[1]));
        Assert.Contains("items[1].currency", Paths(results[1]));
        Assert.Equal("validation-failed", Code(results[2]));
        Assert.Contains("items[2].amount", Paths(results[2]));
        Assert.Contains("items[3].customerId", Paths(results[3]));
        Assert.Equal("order-field-immutable", Code(results[4]));
        Assert.Contains("items[4].amount", Paths(results[4]));
        Assert.Contains("items[6].customerId", Paths(results[6]));
        Assert.Equal(["order.created"], await EventTypesAfterAsync(before));
        Assert.Equal(2, await api.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE external_id LIKE '{run}-%'"));
        Assert.Equal(10.00m, await api.ScalarAsync<decimal>($"SELECT amount FROM orders WHERE external_id = '{run}-kept'"));
    }

    [Fact]
    public async Task A_cancelled_order_cannot_become_completed_again()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await _client.CreateCustomerAsync(new { externalId = $"{run}-c", type = "individual", name = "Cancelled" });
        await _client.BatchAsync(Path, new[] { Order($"{run}-o", customerExternalId: $"{run}-c", status: "cancelled") });

        var results = await _client.BatchAsync(Path, new[] { Order($"{run}-o", customerExternalId: $"{run}-c", status: "completed") });

        Assert.Equal("order-status-change-not-allowed", Code(results[0]));
        Assert.Equal("cancelled", await api.ScalarAsync<string>($"SELECT status FROM orders WHERE external_id = '{run}-o'"));
    }

    [Fact]
    public async Task An_order_key_used_twice_in_one_batch_is_400_and_records_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await _client.CreateCustomerAsync(new { externalId = $"{run}-c", type = "individual", name = "Twice" });

        using var response = await _client.PostBatchAsync(Path, new[] { Order($"{run}-o", customerExternalId: $"{run}-c"), Order($"{run}-o", customerExternalId: $"{run}-c") }, Guid.NewGuid().ToString());

        Assert.Contains("items[1].externalId", (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE external_id LIKE '{run}-%'"));
    }

    [Fact]
    public async Task An_agent_cannot_record_orders_for_another_owners_customer()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await _client.CreateCustomerAsync(new { externalId = $"{run}-c", type = "individual", name = "Someone else's", ownerId = Guid.NewGuid() });
        var agent = new ApiClient(api.AsRole("agent", Guid.NewGuid()));

        var results = await agent.BatchAsync(Path, new[] { Order($"{run}-o", customerExternalId: $"{run}-c") });

        Assert.Equal("not-found", Code(results[0]));
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE external_id LIKE '{run}-%'"));
    }

    private static Dictionary<string, object?> Order(
        string externalId,
        string? customerExternalId = null,
        Guid? customerId = null,
        string orderedAt = "2025-05-01T10:00:00Z",
        decimal amount = 10.00m,
        string? status = null,
        string? statusReason = null,
        string? notes = null)
    {
        var order = new Dictionary<string, object?> { ["externalId"] = externalId, ["orderedAt"] = orderedAt, ["amount"] = amount };
        Add(order, "customerExternalId", customerExternalId);
        Add(order, "customerId", customerId);
        Add(order, "status", status);
        Add(order, "statusReason", statusReason);
        Add(order, "notes", notes);
        return order;
    }

    private static void Add(Dictionary<string, object?> order, string name, object? value)
    {
        if (value is not null)
        {
            order[name] = value;
        }
    }

    private static string Status(JsonNode? result) => result!["status"]!.GetValue<string>();

    private static string Code(JsonNode? result) => result!["code"]!.GetValue<string>();

    private static IReadOnlyList<string> Paths(JsonNode? result) => [.. result!["errors"]!.AsObject().Select(e => e.Key)];

    private async Task<string[]> EventTypesAfterAsync(long count) =>
        (await api.ScalarAsync<string>($"SELECT coalesce(string_agg(type, ',' ORDER BY position), '') FROM (SELECT type, position FROM events ORDER BY position OFFSET {count}) e"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries);
}
