using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>
/// Owner scoping (SPEC §11, ADR 19): an agent sees and changes only the customers it owns and what
/// belongs to them; another owner's customer is a 404 on every route that names it and never in a
/// list, search, segment list or timeline; managers see everything. Over a few hundred customers
/// with mixed owners.
/// </summary>
/// <summary>The API with 240 customers of four owners (Ada, Grace, nobody, Linus), the first 40 with an order.</summary>
public sealed class OwnerScopingFactory : ApiFactory
{
    private Task<OwnerScopingSeed>? _seed;

    public Task<OwnerScopingSeed> SeedAsync() => _seed ??= OwnerScopingSeed.CreateAsync(this);
}

/// <summary>The customers of <see cref="OwnerScopingFactory"/>, by owner, in creation order.</summary>
public sealed record OwnerScopingSeed(IReadOnlyList<(Guid Id, Guid? Owner)> Customers, Guid GracesInteraction, Guid GracesOrder)
{
    public static readonly Guid Ada = TestCredentials.UserId("owner-ada");
    public static readonly Guid Grace = TestCredentials.UserId("owner-grace");

    public Guid AdasCustomer => Customers.First(c => c.Owner == Ada).Id;

    public Guid GracesCustomer => Customers.First(c => c.Owner == Grace).Id;

    public static async Task<OwnerScopingSeed> CreateAsync(ApiFactory api)
    {
        var owners = new Guid?[] { Ada, Grace, null, TestCredentials.UserId("owner-linus") };
        var manager = new ApiClient(api.AsRole("manager"));
        var customers = new List<(Guid, Guid?)>();
        for (var i = 0; i < 240; i++)
        {
            var owner = owners[i % owners.Length];
            var customer = await manager.CreateCustomerAsync(new { type = "individual", name = $"Scoped {i:D3}", email = $"scoped{i}@example.com", ownerId = owner });
            var id = customer["id"]!.GetValue<Guid>();
            customers.Add((id, owner));
            if (i < 40)
            {
                await manager.CreateOrderAsync(id, new { orderedAt = $"2025-0{1 + (i % 6)}-1{i % 9}T10:00:00Z", amount = 10 + i });
            }
        }

        var graces = customers.First(c => c.Item2 == Grace).Item1;
        var interaction = await manager.CreateInteractionAsync(graces, new { channel = "phone", direction = "inbound", type = "call", occurredAt = "2025-03-01T09:00:00Z", subject = "Private" });
        var order = (await manager.ListOrdersAsync(graces))["items"]!.AsArray()[0]!["id"]!.GetValue<Guid>();
        return new OwnerScopingSeed(customers, interaction["id"]!.GetValue<Guid>(), order);
    }
}

public sealed class OwnerScopingTests(OwnerScopingFactory api) : IClassFixture<OwnerScopingFactory>
{
    private static readonly Guid Ada = OwnerScopingSeed.Ada;
    private static readonly Guid Grace = OwnerScopingSeed.Grace;

    private readonly HttpClient _manager = api.AsRole("manager");
    private readonly HttpClient _ada = api.AsRole("agent", Ada);

    [Fact]
    public async Task An_agents_lists_and_searches_hold_exactly_its_own_customers()
    {
        var seed = await api.SeedAsync();
        var listed = await AllIdsAsync(_ada, "/api/v1/customers?limit=50");
        Assert.Equal(seed.Customers.Where(c => c.Owner == Ada).Select(c => c.Id).Order(), listed.Order());

        var searched = await AllIdsAsync(_ada, "/api/v1/customers?q=Scoped&limit=50");
        Assert.Equal(listed.Order(), searched.Order());
        Assert.Empty(await AllIdsAsync(_ada, $"/api/v1/customers?ownerId={Grace}"));

        // A manager sees every owner's.
        Assert.Equal(seed.Customers.Count, (await AllIdsAsync(_manager, "/api/v1/customers?q=Scoped&limit=200")).Count);
    }

    [Fact]
    public async Task Another_owners_customer_is_404_on_every_route_that_names_it_and_nothing_changes()
    {
        var seed = await api.SeedAsync();
        var (gracesCustomer, gracesInteraction, gracesOrder) = (seed.GracesCustomer, seed.GracesInteraction, seed.GracesOrder);
        var before = await api.DatabaseFingerprintAsync();
        foreach (var path in new[]
        {
            $"/api/v1/customers/{gracesCustomer}", $"/api/v1/customers/{gracesCustomer}/interactions", $"/api/v1/customers/{gracesCustomer}/orders",
            $"/api/v1/customers/{gracesCustomer}/timeline", $"/api/v1/customers/{gracesCustomer}/lifecycle", $"/api/v1/customers/{gracesCustomer}/lifecycle/transitions",
            $"/api/v1/customers/{gracesCustomer}/rfm", $"/api/v1/customers/{gracesCustomer}/value", $"/api/v1/interactions/{gracesInteraction}", $"/api/v1/orders/{gracesOrder}",
        })
        {
            using var response = await _ada.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)response.StatusCode}");
        }

        var writes = new (HttpMethod Method, string Path, string Body)[]
        {
            (HttpMethod.Patch, $"/api/v1/customers/{gracesCustomer}", """{"name":"Taken"}"""),
            (HttpMethod.Delete, $"/api/v1/customers/{gracesCustomer}", ""),
            (HttpMethod.Post, $"/api/v1/customers/{gracesCustomer}/interactions", """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-03-02T09:00:00Z"}"""),
            (HttpMethod.Post, $"/api/v1/customers/{gracesCustomer}/orders", """{"orderedAt":"2025-03-02T09:00:00Z","amount":5}"""),
            (HttpMethod.Post, $"/api/v1/customers/{gracesCustomer}/lifecycle/transitions", """{"toStage":"interest"}"""),
            (HttpMethod.Patch, $"/api/v1/interactions/{gracesInteraction}", """{"subject":"Taken"}"""),
            (HttpMethod.Delete, $"/api/v1/interactions/{gracesInteraction}", ""),
            (HttpMethod.Patch, $"/api/v1/orders/{gracesOrder}", """{"notes":"Taken"}"""),
        };
        foreach (var (method, path, body) in writes)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body.Length > 0)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
            }

            using var response = await _ada.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        // The agent's own customer is there, with everything under it.
        using var own = await _ada.GetAsync($"/api/v1/customers/{seed.AdasCustomer}/timeline");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task An_agent_creates_customers_it_owns_and_cannot_give_one_away()
    {
        var seed = await api.SeedAsync();
        var client = new ApiClient(_ada);
        var created = await client.CreateCustomerAsync(new { type = "individual", name = "Ada's own" });
        Assert.Equal(Ada, created["ownerId"]!.GetValue<Guid>());

        var before = await api.DatabaseFingerprintAsync();
        using var forOther = await client.PostCustomerAsync(new { type = "individual", name = "For Grace", ownerId = Grace });
        var problem = await forOther.AssertProblemAsync(403);
        Assert.Equal("owner-not-self", problem["code"]!.GetValue<string>());
        using var giveAway = await client.PatchCustomerAsync(created["id"]!.GetValue<Guid>(), new { ownerId = Grace });
        await giveAway.AssertProblemAsync(403);
        using var disown = await client.PatchCustomerAsync(created["id"]!.GetValue<Guid>(), new { ownerId = (Guid?)null });
        await disown.AssertProblemAsync(403);

        // A duplicate of another owner's customer is a conflict that does not name it.
        using var duplicate = await client.PostCustomerAsync(new { type = "individual", name = "Copy", email = "scoped1@example.com" });
        var conflict = await duplicate.AssertProblemAsync(409);
        Assert.Equal("duplicate-customer", conflict["code"]!.GetValue<string>());
        Assert.Null(conflict["existingCustomerId"]);
        Assert.DoesNotContain(seed.Customers[1].Id.ToString(), conflict.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        // An order externalId of another owner's order: the same kind of conflict.
        var gracesOrder = await new ApiClient(_manager).CreateOrderAsync(seed.GracesCustomer, new { externalId = "SHARED-ERP-1", orderedAt = "2025-04-01T10:00:00Z", amount = 12 });
        before = await api.DatabaseFingerprintAsync();
        using var sameOrder = await client.PostOrderAsync(seed.AdasCustomer, new { externalId = "SHARED-ERP-1", orderedAt = "2025-04-02T10:00:00Z", amount = 13 });
        var orderConflict = await sameOrder.AssertProblemAsync(409);
        Assert.Equal("duplicate-order", orderConflict["code"]!.GetValue<string>());
        Assert.Null(orderConflict["existingOrderId"]);
        Assert.DoesNotContain(gracesOrder["id"]!.GetValue<Guid>().ToString(), orderConflict.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Segment_lists_hold_only_the_agents_customers()
    {
        var seed = await api.SeedAsync();
        var run = await RfmApi.RunAsync(_manager, new { asOf = "2025-07-01T00:00:00Z" });
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        var segments = (await ReadAsync(_manager, "/api/v1/rfm/segments"))["segments"]!.AsArray();
        var seen = new List<Guid>();
        foreach (var segment in segments.Select(s => s!["segment"]!.GetValue<string>()))
        {
            seen.AddRange(await AllIdsAsync(_ada, $"/api/v1/rfm/segments/{segment}/customers?limit=50", "customerId"));
        }

        var adasBuyers = seed.Customers.Take(40).Where(c => c.Owner == Ada).Select(c => c.Id).ToList();
        Assert.Equal(adasBuyers.Order(), seen.Order());
    }

    private static async Task<JsonObject> ReadAsync(HttpClient client, string path) =>
        JsonNode.Parse(await client.GetStringAsync(path))!.AsObject();

    private static async Task<List<Guid>> AllIdsAsync(HttpClient client, string path, string idMember = "id")
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await ReadAsync(client, cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            ids.AddRange(page["items"]!.AsArray().Select(i => i![idMember]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return ids;
    }
}
