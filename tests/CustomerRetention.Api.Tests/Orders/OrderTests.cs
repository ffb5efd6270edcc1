using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Orders;

public sealed class OrderTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();

    private static List<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    private async Task<Guid> NewCustomerAsync(string? lifecycleStage = null, string? stageEnteredAt = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = "individual",
            ["name"] = "Coco Chanel",
            ["email"] = $"coco.{Guid.NewGuid():N}@example.com",
        };
        if (lifecycleStage is not null)
        {
            body["lifecycleStage"] = lifecycleStage;
        }

        if (stageEnteredAt is not null)
        {
            body["stageEnteredAt"] = stageEnteredAt;
        }

        var customer = await _api.CreateCustomerAsync(body);
        Assert.Equal(lifecycleStage ?? "awareness", customer["lifecycleStage"]!.GetValue<string>());
        return customer["id"]!.GetValue<Guid>();
    }

    /// <summary>Every customer, order and stage-transition row: equal before and after means nothing changed.</summary>
    private Task<string> StateAsync() => api.ScalarAsync<string>(
        """
        SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(c::text, '|' ORDER BY id)), '') FROM customers c)
            || '/' || (SELECT count(*) || ':' || coalesce(md5(string_agg(o::text, '|' ORDER BY id)), '') FROM orders o)
            || '/' || (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '') FROM stage_transitions t)
        """);

    private Task<JsonObject> CreateOrderAsync(Guid customerId, DateTimeOffset orderedAt, decimal amount = 25m, string status = "completed", string? externalId = null) =>
        _api.CreateOrderAsync(customerId, new { orderedAt = Utc(orderedAt), amount, status, externalId });

    private Task<int> CountAsync(string sql) => api.ScalarAsync<int>(sql);

    private static void AssertAutomaticTransition(JsonNode? transition, string fromStage, string reason, string occurredAt)
    {
        Assert.NotNull(transition);
        Assert.Equal(fromStage, transition["fromStage"]!.GetValue<string>());
        Assert.Equal("retention", transition["toStage"]!.GetValue<string>());
        Assert.Equal(occurredAt, transition["occurredAt"]!.GetValue<string>());
        Assert.Equal(reason, transition["reason"]!.GetValue<string>());
        Assert.Equal("automatic", transition["source"]!.GetValue<string>());
        Assert.Equal("system", transition["actor"]!.GetValue<string>());
    }

    // ---------------------------------------------------------------- create and read

    [Fact]
    public async Task Recording_an_order_returns_201_with_location_etag_and_the_order()
    {
        var customerId = await NewCustomerAsync();
        var externalId = "SO-" + Guid.NewGuid().ToString("N")[..10];

        using var response = await _api.PostOrderAsync(customerId, new
        {
            externalId,
            orderedAt = "2025-05-20T16:45:00+02:00",
            amount = 59.97m,
            currency = "USD",
            items = new object[]
            {
                new { sku = "SERUM-30", name = "Vitamin C serum 30 ml", category = "skincare", quantity = 2, unitPrice = 24.99m },
                new { sku = "TONER-100", name = "Rose toner", category = "skincare", quantity = 1, unitPrice = 9.99m },
            },
            channel = "online",
            notes = "Gift wrap, please.",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/v1/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(response.Headers.ETag.Tag, body["etag"]!.GetValue<string>());

        Assert.Equal(customerId, body["customerId"]!.GetValue<Guid>());
        Assert.Equal(externalId, body["externalId"]!.GetValue<string>());
        Assert.Equal("2025-05-20T14:45:00Z", body["orderedAt"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal(59.97m, body["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", body["currency"]!.GetValue<string>());
        Assert.Equal("online", body["channel"]!.GetValue<string>());
        Assert.Equal("Gift wrap, please.", body["notes"]!.GetValue<string>());
        Assert.Null(body["statusChangedAt"]);
        Assert.Null(body["statusReason"]);
        Assert.EndsWith("Z", body["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);
        var items = body["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("SERUM-30", items[0]!["sku"]!.GetValue<string>());
        Assert.Equal("Vitamin C serum 30 ml", items[0]!["name"]!.GetValue<string>());
        Assert.Equal("skincare", items[0]!["category"]!.GetValue<string>());
        Assert.Equal(2, items[0]!["quantity"]!.GetValue<int>());
        Assert.Equal(24.99m, items[0]!["unitPrice"]!.GetValue<decimal>());
        Assert.Equal("TONER-100", items[1]!["sku"]!.GetValue<string>());

        // A read returns the same order (numbers compared by value) and the same ETag.
        using var read = await _api.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(JsonNode.DeepEquals(body, await read.ReadObjectAsync()), "the read differs from the create");
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);

        Assert.Equal("59.97", await api.ScalarAsync<string>($"SELECT amount::text FROM orders WHERE id = '{id}' AND customer_id = '{customerId}' AND currency = 'USD'"));
    }

    [Fact]
    public async Task A_minimal_order_is_completed_in_the_configured_currency_without_items()
    {
        var customerId = await NewCustomerAsync();

        var body = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-05-20T10:00:00Z", amount = 12.5m });

        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal("USD", body["currency"]!.GetValue<string>());
        Assert.Equal(12.5m, body["amount"]!.GetValue<decimal>());
        Assert.Empty(body["items"]!.AsArray());
        Assert.Null(body["externalId"]);
        Assert.Null(body["channel"]);
        Assert.Null(body["notes"]);
    }

    [Fact]
    public async Task The_amount_bounds_themselves_are_accepted()
    {
        var customerId = await NewCustomerAsync();

        var free = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-05-20T10:00:00Z", amount = 0m, items = new[] { new { sku = "SAMPLE", quantity = 3, unitPrice = 0m } } });
        Assert.Equal(0m, free["amount"]!.GetValue<decimal>());

        var huge = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-05-20T10:00:00Z", amount = 9_999_999_999.99m });
        Assert.Equal(9_999_999_999.99m, huge["amount"]!.GetValue<decimal>());
        Assert.Equal(9_999_999_999.99m, (await _api.GetJsonAsync($"/api/v1/orders/{Id(huge)}"))["amount"]!.GetValue<decimal>());

        var cents = await _api.CreateOrderAsync(customerId, new { orderedAt = Utc(DateTimeOffset.UtcNow.AddSeconds(-2)), amount = 0.01m });
        Assert.Equal(0.01m, cents["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Every_channel_and_status_of_the_spec_is_accepted()
    {
        var customerId = await NewCustomerAsync();
        string[] channels = ["online", "store", "phone", "partner", "other"];
        string[] statuses = ["completed", "cancelled", "refunded"];
        for (var i = 0; i < channels.Length; i++)
        {
            var body = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-05-20T10:00:00Z", amount = 1m, channel = channels[i], status = statuses[i % 3] });
            Assert.Equal(channels[i], body["channel"]!.GetValue<string>());
            Assert.Equal(statuses[i % 3], body["status"]!.GetValue<string>());
        }
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"amount":10}""", "orderedAt" },
        { """{"orderedAt":"2025-01-01T00:00:00Z"}""", "amount" },
        { """{"orderedAt":null,"amount":10}""", "orderedAt" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":null}""", "amount" },
        { """{"orderedAt":"2999-01-01T00:00:00Z","amount":10}""", "orderedAt" },
        { """{"orderedAt":"last tuesday","amount":10}""", "orderedAt" },
        { """{"orderedAt":"2025-02-30T00:00:00Z","amount":10}""", "orderedAt" },
        { """{"orderedAt":1735689600,"amount":10}""", "orderedAt" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":-0.01}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":-5}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10.005}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":0.001}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":"10.00"}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":true}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":1e30}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10000000000.00}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"currency":"EUR"}""", "currency" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"currency":"US Dollar"}""", "currency" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"currency":840}""", "currency" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"status":"pending"}""", "status" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"status":"Completed"}""", "status" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"status":1}""", "status" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"channel":"mail"}""", "channel" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":11,"items":[{"sku":"A","quantity":2,"unitPrice":5}]}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10.01,"items":[{"sku":"A","quantity":3,"unitPrice":3.33},{"sku":"B","quantity":1,"unitPrice":0.01}]}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":0,"unitPrice":5}]}""", "items[0].quantity" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":-2,"unitPrice":-5}]}""", "items[0].quantity" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":1.5,"unitPrice":5}]}""", "items[0].quantity" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","unitPrice":10}]}""", "items[0].quantity" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":1,"unitPrice":-10}]}""", "items[0].unitPrice" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":1,"unitPrice":9.999}]}""", "items[0].unitPrice" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":1}]}""", "items[0].unitPrice" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"quantity":1,"unitPrice":10}]}""", "items[0].sku" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":" ","quantity":1,"unitPrice":10}]}""", "items[0].sku" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":1,"unitPrice":10},{"sku":"B","quantity":0,"unitPrice":0}]}""", "items[1].quantity" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":1,"unitPrice":10,"color":"red"}]}""", "items[0].color" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[null]}""", "items[0]" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":["A"]}""", "items[0]" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":{"sku":"A"}}""", "items" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"items":[{"sku":"A","quantity":99999999999,"unitPrice":10}]}""", "items[0].quantity" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"externalId":"   "}""", "externalId" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"externalId":42}""", "externalId" },
        { "{\"orderedAt\":\"2025-01-01T00:00:00Z\",\"amount\":10,\"externalId\":\"" + new string('x', 101) + "\"}", "externalId" },
        { "{\"orderedAt\":\"2025-01-01T00:00:00Z\",\"amount\":10,\"notes\":\"" + new string('x', 2001) + "\"}", "notes" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"discount":5}""", "discount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"id":"0190e2a0-0000-7000-8000-000000000000"}""", "id" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"customerId":"0190e2a0-0000-7000-8000-000000000000"}""", "customerId" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"createdAt":"2025-01-01T00:00:00Z"}""", "createdAt" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"statusChangedAt":"2025-01-01T00:00:00Z"}""", "statusChangedAt" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,"Amount":10}""", "Amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":10,}""", "body" },
        { """{"orderedAt":"2025-01-01T00:00:00Z","amount":""", "body" },
        { """[{"orderedAt":"2025-01-01T00:00:00Z","amount":10}]""", "body" },
        { "10", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task A_malformed_order_is_a_400_problem_naming_the_member_and_changes_nothing(string json, string member)
    {
        var customerId = await NewCustomerAsync();
        var before = await StateAsync();

        using var response = await _api.PostOrderAsync(customerId, json);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys().Concat(problem["errors"] is null ? ["body"] : []));
        Assert.Equal(before, await StateAsync());
        Assert.Equal("awareness", (await _api.GetCustomerAsync(customerId))["lifecycleStage"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_a_few_minutes_in_the_future_is_refused()
    {
        var customerId = await NewCustomerAsync();
        var before = await StateAsync();

        using var response = await _api.PostOrderAsync(customerId, new { orderedAt = Utc(DateTimeOffset.UtcNow.AddMinutes(5)), amount = 10m });

        Assert.Equal(["orderedAt"], (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_foreign_currency_is_refused_with_a_clear_message()
    {
        var customerId = await NewCustomerAsync();
        var before = await StateAsync();

        using var response = await _api.PostOrderAsync(customerId, new { orderedAt = "2025-01-01T00:00:00Z", amount = 10m, currency = "EUR" });

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["currency"], problem.ErrorKeys());
        Assert.Contains("USD", problem["errors"]!["currency"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Items_that_do_not_add_up_are_refused_on_amount()
    {
        var customerId = await NewCustomerAsync();
        var before = await StateAsync();

        using var response = await _api.PostOrderAsync(customerId, new
        {
            orderedAt = "2025-01-01T00:00:00Z",
            amount = 50m,
            items = new[] { new { sku = "A", quantity = 2, unitPrice = 24.99m } },
        });

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["amount"], problem.ErrorKeys());
        Assert.Equal(before, await StateAsync());
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM orders WHERE customer_id = '{customerId}'"));
    }

    [Fact]
    public async Task Several_mistakes_in_one_order_are_all_reported_at_once()
    {
        var customerId = await NewCustomerAsync();
        using var response = await _api.PostOrderAsync(customerId, 
            """{"orderedAt":"2025-01-01T00:00:00Z","amount":"ten","status":"lost","coupon":"X","items":[{"sku":"A","quantity":1,"unitPrice":1,"size":"L"}]}""");

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["amount", "coupon", "items[0].size", "status"], problem.ErrorKeys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Orders_of_an_unknown_customer_are_404_and_nothing_is_recorded()
    {
        var unknown = Guid.CreateVersion7();
        var before = await StateAsync();

        using var create = await _api.PostOrderAsync(unknown, new { orderedAt = "2025-01-01T00:00:00Z", amount = 10m });
        await create.AssertProblemAsync(404);
        using var list = await _api.Http.GetAsync($"/api/v1/customers/{unknown}/orders");
        await list.AssertProblemAsync(404);
        using var read = await _api.Http.GetAsync($"/api/v1/orders/{Guid.CreateVersion7()}");
        await read.AssertProblemAsync(404);
        using var patch = await _api.PatchOrderAsync(Guid.CreateVersion7(), new { status = "cancelled" });
        await patch.AssertProblemAsync(404);

        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Orders_of_an_archived_customer_are_not_found_anywhere()
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero));
        using var archived = await _api.Http.DeleteAsync($"/api/v1/customers/{customerId}");
        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        var before = await StateAsync();

        using var read = await _api.Http.GetAsync($"/api/v1/orders/{Id(order)}");
        await read.AssertProblemAsync(404);
        using var list = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/orders");
        await list.AssertProblemAsync(404);
        using var create = await _api.PostOrderAsync(customerId, new { orderedAt = "2025-03-01T00:00:00Z", amount = 10m });
        await create.AssertProblemAsync(404);
        using var patch = await _api.PatchOrderAsync(Id(order), new { status = "refunded" });
        await patch.AssertProblemAsync(404);

        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_gives_304()
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/orders/{Id(order)}";
        using var first = await _api.Http.GetAsync(uri);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, uri);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await _api.Http.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Unknown_query_parameters_on_one_order_are_a_400_naming_them()
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero));

        using var read = await _api.Http.GetAsync($"/api/v1/orders/{Id(order)}?include=items");
        Assert.Equal(["include"], (await read.AssertProblemAsync(400)).ErrorKeys());

        var before = await StateAsync();
        using var create = await _api.Http.PostAsync($"/api/v1/customers/{customerId}/orders?dryRun=true", Requests.Json(new { orderedAt = "2025-01-01T00:00:00Z", amount = 10m }));
        Assert.Equal(["dryRun"], (await create.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await StateAsync());
    }

    // ---------------------------------------------------------------- duplicates

    [Fact]
    public async Task A_duplicate_external_id_is_a_409_naming_the_existing_order_and_changes_nothing()
    {
        var firstCustomer = await NewCustomerAsync();
        var externalId = "SO-" + Guid.NewGuid().ToString("N");
        var first = await CreateOrderAsync(firstCustomer, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero), externalId: externalId);

        // Same customer, and another customer who is still a prospect: neither may record it nor move.
        var prospect = await NewCustomerAsync();
        var before = await StateAsync();
        foreach (var customerId in new[] { firstCustomer, prospect })
        {
            using var response = await _api.PostOrderAsync(customerId, new { orderedAt = "2025-03-01T10:00:00Z", amount = 99m, externalId });

            var problem = await response.AssertProblemAsync(409);
            Assert.Equal("duplicate-order", problem["code"]!.GetValue<string>());
            Assert.Equal(Id(first), problem["existingOrderId"]!.GetValue<string>());
            Assert.Contains(Id(first), problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await StateAsync());
        Assert.Equal("awareness", (await _api.GetCustomerAsync(prospect))["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM orders WHERE external_id = '{externalId}'"));
    }

    [Fact]
    public async Task Orders_without_an_external_id_are_never_duplicates()
    {
        var customerId = await NewCustomerAsync();
        var at = new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero);
        var a = await CreateOrderAsync(customerId, at);
        var b = await CreateOrderAsync(customerId, at);
        Assert.NotEqual(Id(a), Id(b));
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM orders WHERE customer_id = '{customerId}' AND external_id IS NULL"));
    }

    [Fact]
    public async Task Concurrent_orders_with_one_external_id_record_exactly_one()
    {
        var customerId = await NewCustomerAsync();
        var externalId = "SO-" + Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _api.PostOrderAsync(customerId, new { orderedAt = "2025-03-01T10:00:00Z", amount = 10m + i, externalId })));
        try
        {
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            Assert.Single(created);
            var winner = Id(await created[0].ReadObjectAsync());
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                var problem = await loser.AssertProblemAsync(409);
                Assert.Equal("duplicate-order", problem["code"]!.GetValue<string>());
                Assert.Equal(winner, problem["existingOrderId"]!.GetValue<string>());
            }

            Assert.Equal(1, await CountAsync($"SELECT count(*) FROM orders WHERE external_id = '{externalId}'"));
            Assert.Equal(1, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}' AND reason = 'first purchase'"));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Concurrent_orders_with_one_external_id_for_different_customers_record_one_and_move_only_its_customer()
    {
        var customers = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            customers.Add(await NewCustomerAsync());
        }

        var externalId = "SO-" + Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(customers.Select(c =>
            _api.PostOrderAsync(c, new { orderedAt = "2025-03-01T10:00:00Z", amount = 10m, externalId })));
        try
        {
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            Assert.Single(created);
            var winner = await created[0].ReadObjectAsync();
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                var problem = await loser.AssertProblemAsync(409);
                Assert.Equal("duplicate-order", problem["code"]!.GetValue<string>());
                Assert.Equal(Id(winner), problem["existingOrderId"]!.GetValue<string>());
            }

            var winningCustomer = winner["customerId"]!.GetValue<Guid>();
            foreach (var customerId in customers)
            {
                var expected = customerId == winningCustomer ? "retention" : "awareness";
                Assert.Equal(expected, (await _api.GetCustomerAsync(customerId))["lifecycleStage"]!.GetValue<string>());
                Assert.Equal(customerId == winningCustomer ? 2 : 1, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}'"));
                Assert.Equal(customerId == winningCustomer ? 1 : 0, await CountAsync($"SELECT count(*) FROM orders WHERE customer_id = '{customerId}'"));
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    // ---------------------------------------------------------------- automatic lifecycle transitions

    [Theory]
    [InlineData("awareness")]
    [InlineData("interest")]
    [InlineData("decision")]
    public async Task A_completed_order_moves_a_prospect_to_retention_as_a_first_purchase(string stage)
    {
        var customerId = await NewCustomerAsync(stage, "2025-01-01T00:00:00Z");
        var before = await _api.GetCustomerAsync(customerId);

        var order = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-03-15T16:00:00.123456+02:00", amount = 25m });

        Assert.Equal("2025-03-15T14:00:00.123456Z", order["orderedAt"]!.GetValue<string>());
        var customer = await _api.GetCustomerAsync(customerId);
        Assert.Equal("retention", customer["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("2025-03-15T14:00:00.123456Z", customer["stageEnteredAt"]!.GetValue<string>());
        Assert.True(Parse(customer["updatedAt"]!.GetValue<string>()) > Parse(before["updatedAt"]!.GetValue<string>()));

        var transitions = await _api.TransitionHistoryAsync(customerId);
        Assert.Equal(2, transitions.Count);
        AssertAutomaticTransition(transitions[0], stage, "first purchase", order["orderedAt"]!.GetValue<string>());
        Assert.Equal(stage, transitions[1]!["toStage"]!.GetValue<string>());
        Assert.Null(transitions[1]!["fromStage"]);

        var lifecycle = await _api.GetJsonAsync($"/api/v1/customers/{customerId}/lifecycle");
        Assert.Equal("retention", lifecycle["stage"]!.GetValue<string>());
        Assert.Equal("2025-03-15T14:00:00.123456Z", lifecycle["enteredAt"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}' AND reason = 'first purchase' AND source = 'automatic'"));
    }

    [Fact]
    public async Task A_completed_order_wins_back_a_customer_churned_by_hand()
    {
        var customerId = await NewCustomerAsync("awareness", "2024-06-01T00:00:00Z");
        using var churn = await _api.Http.PostAsync($"/api/v1/customers/{customerId}/lifecycle/transitions", Requests.Json(new
        {
            toStage = "churned",
            reason = "Moved abroad",
            occurredAt = "2025-01-10T00:00:00Z",
        }));
        Assert.Equal(HttpStatusCode.Created, churn.StatusCode);

        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("retention", (await _api.GetCustomerAsync(customerId))["lifecycleStage"]!.GetValue<string>());
        var transitions = await _api.TransitionHistoryAsync(customerId);
        Assert.Equal(3, transitions.Count);
        AssertAutomaticTransition(transitions[0], "churned", "win-back", "2025-04-01T12:00:00Z");
        Assert.Equal(order["orderedAt"]!.GetValue<string>(), transitions[0]!["occurredAt"]!.GetValue<string>());
        Assert.Equal("churned", transitions[1]!["toStage"]!.GetValue<string>());
        Assert.Equal("manual", transitions[1]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_completed_order_wins_back_a_customer_imported_as_churned()
    {
        var customerId = await NewCustomerAsync("churned", "2025-01-01T00:00:00Z");

        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 9, 30, 0, TimeSpan.Zero));

        var customer = await _api.GetCustomerAsync(customerId);
        Assert.Equal("retention", customer["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("2025-02-01T09:30:00Z", customer["stageEnteredAt"]!.GetValue<string>());
        var transitions = await _api.TransitionHistoryAsync(customerId);
        Assert.Equal(2, transitions.Count);
        AssertAutomaticTransition(transitions[0], "churned", "win-back", "2025-02-01T09:30:00Z");
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}' AND reason = 'first purchase'"));
    }

    [Fact]
    public async Task An_order_older_than_the_latest_transition_is_dated_at_that_transition()
    {
        var customerId = await NewCustomerAsync("awareness", "2024-06-01T08:00:00Z");

        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("2023-01-01T00:00:00Z", order["orderedAt"]!.GetValue<string>());
        var customer = await _api.GetCustomerAsync(customerId);
        Assert.Equal("retention", customer["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("2024-06-01T08:00:00Z", customer["stageEnteredAt"]!.GetValue<string>());

        // Both entries share the instant; the automatic one was recorded later, so it is listed first.
        var transitions = await _api.TransitionHistoryAsync(customerId);
        Assert.Equal(2, transitions.Count);
        AssertAutomaticTransition(transitions[0], "awareness", "first purchase", "2024-06-01T08:00:00Z");
        Assert.Equal("awareness", transitions[1]!["toStage"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_older_than_a_churn_wins_back_dated_at_the_churn()
    {
        var customerId = await NewCustomerAsync("awareness", "2024-06-01T00:00:00Z");
        using var churn = await _api.Http.PostAsync($"/api/v1/customers/{customerId}/lifecycle/transitions", Requests.Json(new
        {
            toStage = "churned",
            reason = "No reply for a year",
            occurredAt = "2025-01-10T00:00:00Z",
        }));
        Assert.Equal(HttpStatusCode.Created, churn.StatusCode);

        await CreateOrderAsync(customerId, new DateTimeOffset(2024, 12, 24, 0, 0, 0, TimeSpan.Zero));

        var transitions = await _api.TransitionHistoryAsync(customerId);
        Assert.Equal(3, transitions.Count);
        AssertAutomaticTransition(transitions[0], "churned", "win-back", "2025-01-10T00:00:00Z");
        Assert.Equal("2025-01-10T00:00:00Z", (await _api.GetCustomerAsync(customerId))["stageEnteredAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("awareness", "cancelled")]
    [InlineData("awareness", "refunded")]
    [InlineData("decision", "cancelled")]
    [InlineData("churned", "refunded")]
    [InlineData("churned", "cancelled")]
    public async Task A_cancelled_or_refunded_order_causes_no_transition(string stage, string status)
    {
        var customerId = await NewCustomerAsync(stage, "2025-01-01T00:00:00Z");
        var before = await _api.GetCustomerAsync(customerId);

        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), status: status);

        Assert.Equal(status, order["status"]!.GetValue<string>());
        var after = await _api.GetCustomerAsync(customerId);
        Assert.Equal(stage, after["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(before["stageEnteredAt"]!.GetValue<string>(), after["stageEnteredAt"]!.GetValue<string>());
        Assert.Single(await _api.TransitionHistoryAsync(customerId));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}'"));
    }

    [Theory]
    [InlineData("retention")]
    [InlineData("expansion")]
    [InlineData("contraction")]
    public async Task A_completed_order_leaves_a_customer_who_already_buys_in_their_stage(string stage)
    {
        var customerId = await NewCustomerAsync(stage, "2025-01-01T00:00:00Z");

        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        await CreateOrderAsync(customerId, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var customer = await _api.GetCustomerAsync(customerId);
        Assert.Equal(stage, customer["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("2025-01-01T00:00:00Z", customer["stageEnteredAt"]!.GetValue<string>());
        Assert.Single(await _api.TransitionHistoryAsync(customerId));
    }

    [Fact]
    public async Task Only_the_first_completed_order_is_a_first_purchase()
    {
        var customerId = await NewCustomerAsync("awareness", "2025-01-01T00:00:00Z");

        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), status: "cancelled");
        Assert.Equal("awareness", (await _api.GetCustomerAsync(customerId))["lifecycleStage"]!.GetValue<string>());
        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));
        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 15, 0, 0, 0, TimeSpan.Zero));

        var transitions = await _api.TransitionHistoryAsync(customerId);
        Assert.Equal(2, transitions.Count);
        AssertAutomaticTransition(transitions[0], "awareness", "first purchase", "2025-03-01T00:00:00Z");
        Assert.Equal("2025-03-01T00:00:00Z", (await _api.GetCustomerAsync(customerId))["stageEnteredAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_the_first_purchase_does_not_undo_the_transition()
    {
        var customerId = await NewCustomerAsync("awareness", "2025-01-01T00:00:00Z");
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var transitionsBefore = string.Join(',', (await _api.TransitionHistoryAsync(customerId)).Select(t => t.ToJsonString()));

        using var response = await _api.PatchOrderAsync(Id(order), new { status = "cancelled", statusReason = "Out of stock" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("retention", (await _api.GetCustomerAsync(customerId))["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(transitionsBefore, string.Join(',', (await _api.TransitionHistoryAsync(customerId)).Select(t => t.ToJsonString())));
    }

    [Fact]
    public async Task Thirty_concurrent_orders_of_one_prospect_make_exactly_one_first_purchase()
    {
        var customerId = await NewCustomerAsync();
        var orderedAt = Utc(DateTimeOffset.UtcNow.AddMinutes(-1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            _api.PostOrderAsync(customerId, new { orderedAt, amount = 10m + i, externalId = $"RACE-{customerId:N}-{i}" })));
        try
        {
            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}' AND reason = 'first purchase'"));
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM stage_transitions WHERE customer_id = '{customerId}'"));
        Assert.Equal(30, await CountAsync($"SELECT count(*) FROM orders WHERE customer_id = '{customerId}'"));
        Assert.Equal("retention", (await _api.GetCustomerAsync(customerId))["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(30, (await _api.ListOrdersAsync(customerId, "?limit=200"))["items"]!.AsArray().Count);
    }

    // ---------------------------------------------------------------- status changes and notes

    [Theory]
    [InlineData("cancelled")]
    [InlineData("refunded")]
    public async Task A_completed_order_can_be_cancelled_or_refunded_and_the_change_is_recorded(string status)
    {
        var customerId = await NewCustomerAsync();
        var order = await _api.CreateOrderAsync(customerId, new
        {
            orderedAt = "2025-02-01T10:00:00Z",
            amount = 49.98m,
            items = new[] { new { sku = "MASK", quantity = 2, unitPrice = 24.99m } },
            notes = "VIP",
        });
        var uri = $"/api/v1/orders/{Id(order)}";
        using var read = await _api.Http.GetAsync(uri);
        var etag = read.Headers.ETag!.ToString();

        using var response = await _api.Http.PatchAsync(uri, new { status, statusReason = "Arrived damaged" }, ifMatch: etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal(status, body["status"]!.GetValue<string>());
        Assert.Equal("Arrived damaged", body["statusReason"]!.GetValue<string>());
        var changedAt = Parse(body["statusChangedAt"]!.GetValue<string>());
        Assert.InRange(changedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(body["statusChangedAt"]!.GetValue<string>(), body["updatedAt"]!.GetValue<string>());
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());

        // Nothing else changed.
        foreach (var member in new[] { "id", "customerId", "orderedAt", "amount", "currency", "items", "notes", "createdAt", "externalId", "channel" })
        {
            Assert.True(JsonNode.DeepEquals(order[member], body[member]), $"'{member}' changed");
        }

        var again = await _api.GetJsonAsync(uri);
        Assert.True(JsonNode.DeepEquals(body, again), "the read differs from the patch response");
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM orders WHERE id = '{Id(order)}' AND status = '{status}' AND status_changed_at IS NOT NULL"));
    }

    [Theory]
    [InlineData("cancelled", "refunded")]
    [InlineData("refunded", "cancelled")]
    public async Task A_cancelled_or_refunded_order_cannot_change_status_again(string from, string to)
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero), status: from);
        var before = await StateAsync();

        using var response = await _api.PatchOrderAsync(Id(order), new { status = to, statusReason = "Changed my mind" });

        var problem = await response.AssertProblemAsync(409);
        Assert.Equal("order-status-change-not-allowed", problem["code"]!.GetValue<string>());
        Assert.Equal(before, await StateAsync());
        Assert.Equal(from, (await _api.GetJsonAsync($"/api/v1/orders/{Id(order)}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cancelled_order_after_a_status_change_cannot_change_again()
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero));
        using var cancelled = await _api.PatchOrderAsync(Id(order), new { status = "cancelled" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var before = await StateAsync();

        using var refund = await _api.PatchOrderAsync(Id(order), new { status = "refunded" });

        Assert.Equal("order-status-change-not-allowed", (await refund.AssertProblemAsync(409))["code"]!.GetValue<string>());
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("cancelled")]
    [InlineData("refunded")]
    public async Task No_order_can_be_made_completed_by_a_patch(string from)
    {
        var customerId = await NewCustomerAsync("retention", "2025-01-01T00:00:00Z");
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero), status: from);
        var before = await StateAsync();

        using var response = await _api.PatchOrderAsync(Id(order), new { status = "completed" });

        Assert.Equal(["status"], (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Notes_can_be_set_kept_and_cleared()
    {
        var customerId = await NewCustomerAsync();
        var order = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-02-01T10:00:00Z", amount = 10m, notes = "Leave at the door" });
        var uri = $"/api/v1/orders/{Id(order)}";

        using var set = await _api.Http.PatchAsync(uri, new { notes = "Ring twice" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var afterSet = await set.ReadObjectAsync();
        Assert.Equal("Ring twice", afterSet["notes"]!.GetValue<string>());
        Assert.Equal("completed", afterSet["status"]!.GetValue<string>());
        Assert.Null(afterSet["statusChangedAt"]);

        // A patch without notes keeps them.
        using var cancel = await _api.Http.PatchAsync(uri, new { status = "cancelled" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Ring twice", (await cancel.ReadObjectAsync())["notes"]!.GetValue<string>());

        // Notes of a cancelled order can still change, and null clears them.
        using var clear = await _api.Http.PatchAsync(uri, new Dictionary<string, object?> { ["notes"] = null });
        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        var cleared = await clear.ReadObjectAsync();
        Assert.Null(cleared["notes"]);
        Assert.Equal("cancelled", cleared["status"]!.GetValue<string>());
        Assert.Null((await _api.GetJsonAsync(uri))["notes"]);
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM orders WHERE id = '{Id(order)}' AND notes IS NULL"));
    }

    [Fact]
    public async Task Patch_also_accepts_application_json()
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero));
        using var response = await _api.PatchOrderAsync(Id(order), new { status = "refunded" }, mediaType: "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("refunded", (await response.ReadObjectAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var customerId = await NewCustomerAsync();
        var order = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/orders/{Id(order)}";
        using var read = await _api.Http.GetAsync(uri);
        var etag = read.Headers.ETag!.ToString();
        using var notes = await _api.Http.PatchAsync(uri, new { notes = "first" }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, notes.StatusCode);
        var before = await StateAsync();

        using var stale = await _api.Http.PatchAsync(uri, new { status = "cancelled" }, ifMatch: etag);

        await stale.AssertProblemAsync(412);
        Assert.Equal(before, await StateAsync());
        Assert.Equal("completed", (await _api.GetJsonAsync(uri))["status"]!.GetValue<string>());
    }

    public static TheoryData<string, string> InvalidPatches => new()
    {
        { """{"status":"pending"}""", "status" },
        { """{"status":"Cancelled"}""", "status" },
        { """{"status":2}""", "status" },
        { """{"statusReason":42}""", "statusReason" },
        { "{\"status\":\"cancelled\",\"statusReason\":\"" + new string('x', 501) + "\"}", "statusReason" },
        { "{\"notes\":\"" + new string('x', 2001) + "\"}", "notes" },
        { """{"notes":["a"]}""", "notes" },
        { """{"amount":5}""", "amount" },
        { """{"orderedAt":"2025-01-01T00:00:00Z"}""", "orderedAt" },
        { """{"currency":"USD"}""", "currency" },
        { """{"items":[]}""", "items" },
        { """{"externalId":"X"}""", "externalId" },
        { """{"customerId":"0190e2a0-0000-7000-8000-000000000000"}""", "customerId" },
        { """{"statusChangedAt":"2025-01-01T00:00:00Z"}""", "statusChangedAt" },
        { """{"id":"0190e2a0-0000-7000-8000-000000000000"}""", "id" },
        { """{"updatedAt":"2025-01-01T00:00:00Z"}""", "updatedAt" },
        { """[]""", "body" },
        { """{"status":""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidPatches))]
    public async Task A_malformed_order_patch_is_a_400_problem_naming_the_member_and_changes_nothing(string json, string member)
    {
        var customerId = await NewCustomerAsync();
        var order = await _api.CreateOrderAsync(customerId, new { orderedAt = "2025-02-01T10:00:00Z", amount = 10m, notes = "keep me" });
        var before = await StateAsync();

        using var response = await _api.PatchOrderAsync(Id(order), json);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys().Concat(problem["errors"] is null ? ["body"] : []));
        Assert.Equal(before, await StateAsync());
    }

    // ---------------------------------------------------------------- lists

    [Fact]
    public async Task The_list_is_newest_first_by_order_date_and_only_holds_that_customers_orders()
    {
        var customerId = await NewCustomerAsync();
        var otherId = await NewCustomerAsync();
        var middle = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var oldest = await CreateOrderAsync(customerId, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var newest = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), status: "refunded");
        await CreateOrderAsync(otherId, new DateTimeOffset(2025, 2, 15, 0, 0, 0, TimeSpan.Zero));

        var page = await _api.ListOrdersAsync(customerId);

        Assert.Equal([Id(newest), Id(middle), Id(oldest)], Ids(page));
        Assert.False(page.ContainsKey("nextCursor"));
        Assert.True(JsonNode.DeepEquals(await _api.GetJsonAsync($"/api/v1/orders/{Id(newest)}"), page["items"]![0]));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_a_half_open_time_range()
    {
        var customerId = await NewCustomerAsync();
        var a = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var b = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 2, 10, 0, 0, TimeSpan.Zero), status: "cancelled");
        var c = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero));
        var d = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero), status: "refunded");
        var e = await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal([Id(e), Id(c), Id(a)], Ids(await _api.ListOrdersAsync(customerId, "?status=completed")));
        Assert.Equal([Id(b)], Ids(await _api.ListOrdersAsync(customerId, "?status=cancelled")));
        Assert.Equal([Id(d)], Ids(await _api.ListOrdersAsync(customerId, "?status=refunded")));

        Assert.Equal([Id(e), Id(d), Id(c), Id(b)], Ids(await _api.ListOrdersAsync(customerId, "?from=2025-03-02T10:00:00Z")));
        Assert.Equal([Id(c), Id(b), Id(a)], Ids(await _api.ListOrdersAsync(customerId, "?to=2025-03-04T10:00:00Z")));
        Assert.Equal([Id(c), Id(b)], Ids(await _api.ListOrdersAsync(customerId, "?from=2025-03-02T10:00:00Z&to=2025-03-04T10:00:00Z")));
        Assert.Equal([Id(c)], Ids(await _api.ListOrdersAsync(customerId, "?status=completed&from=2025-03-02T10:00:00Z&to=2025-03-04T10:00:00Z")));
        Assert.Empty(Ids(await _api.ListOrdersAsync(customerId, "?from=2026-01-01T00:00:00Z")));

        // The same instants written with an offset select the same orders.
        Assert.Equal([Id(c), Id(b)], Ids(await _api.ListOrdersAsync(customerId, "?from=2025-03-02T11%3A00%3A00%2B01%3A00&to=2025-03-04T05%3A00%3A00-05%3A00")));

        // A cancellation moves an order between status filters.
        using var cancel = await _api.PatchOrderAsync(Id(c), new { status = "cancelled" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal([Id(e), Id(a)], Ids(await _api.ListOrdersAsync(customerId, "?status=completed")));
        Assert.Equal([Id(c), Id(b)], Ids(await _api.ListOrdersAsync(customerId, "?status=cancelled")));
    }

    [Fact]
    public async Task Paging_through_orders_returns_each_once_in_order()
    {
        var customerId = await NewCustomerAsync();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var created = new List<JsonObject>();
        foreach (var batch in Enumerable.Range(0, 25).Chunk(5))
        {
            // Pairs share a timestamp, so the id breaks ties.
            created.AddRange(await Task.WhenAll(batch.Select(i => CreateOrderAsync(customerId, start.AddDays(i / 2)))));
        }

        var expected = created
            .OrderByDescending(o => Parse(o["orderedAt"]!.GetValue<string>()))
            .ThenByDescending(Id, StringComparer.Ordinal)
            .Select(Id)
            .ToList();

        var seen = new List<string>();
        var query = "?limit=10";
        var pages = 0;
        while (true)
        {
            var page = await _api.ListOrdersAsync(customerId, query);
            pages++;
            seen.AddRange(Ids(page));
            if (page["nextCursor"] is not JsonValue next)
            {
                break;
            }

            query = $"?limit=10&cursor={Uri.EscapeDataString(next.GetValue<string>())}";
            Assert.True(pages < 10, "paging does not end");
        }

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);

        var filtered = await _api.ListOrdersAsync(customerId, "?limit=10&status=completed");
        using var foreign = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/orders?limit=10&status=cancelled&cursor={Uri.EscapeDataString(filtered["nextCursor"]!.GetValue<string>())}");
        Assert.Contains("cursor", (await foreign.AssertProblemAsync(400)).ErrorKeys());
    }

    public static TheoryData<string, string> InvalidListQueries => new()
    {
        { "status=pending", "status" },
        { "status=Completed", "status" },
        { "status=1", "status" },
        { "from=yesterday", "from" },
        { "to=2025-02-30T00:00:00Z", "to" },
        { "from=2025-03-05T00:00:00Z&to=2025-03-01T00:00:00Z", "to" },
        { "limit=0", "limit" },
        { "limit=201", "limit" },
        { "limit=1.5", "limit" },
        { "cursor=bm90LWEtY3Vyc29y", "cursor" },
        { "currency=USD", "currency" },
        { "sort=amount", "sort" },
    };

    [Theory]
    [MemberData(nameof(InvalidListQueries))]
    public async Task A_bad_order_list_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var customerId = await NewCustomerAsync();
        await CreateOrderAsync(customerId, new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));

        using var response = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/orders?{query}");

        Assert.Contains(parameter, (await response.AssertProblemAsync(400)).ErrorKeys());
    }
}
