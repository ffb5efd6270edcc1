using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Audit;

/// <summary>The audit log's filters, its keyset paging and what it refuses.</summary>
public sealed class AuditQueryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    /// <summary>Two customers changed by two actors: a customer, an interaction and an order each, and an update by the other actor.</summary>
    private async Task<(string Alice, string Bob, Guid First, Guid Second, Guid FirstOrder)> TwoCustomersAsync()
    {
        var (alice, bob) = (AuditLog.NewUser(), await AuditLog.NewApiKeyAsync(_api));
        var ids = new List<Guid>();
        Guid firstOrder = default;
        foreach (var actor in new[] { alice, bob })
        {
            var id = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/customers", new { type = "individual", name = "Filter " + actor }, actor))!["id"]!.GetValue<Guid>();
            await AuditLog.SendAsync(_api, HttpMethod.Post, $"/api/v1/customers/{id}/interactions", new { channel = "email", direction = "outbound", type = "message", occurredAt = "2026-01-10T09:00:00Z" }, actor);
            var order = (await AuditLog.SendAsync(_api, HttpMethod.Post, $"/api/v1/customers/{id}/orders", new { orderedAt = "2026-01-15T10:00:00Z", amount = 5m, status = "cancelled" }, actor))!;
            firstOrder = firstOrder == default ? order["id"]!.GetValue<Guid>() : firstOrder;
            ids.Add(id);
        }

        await AuditLog.PatchAsync(_api, $"/api/v1/customers/{ids[0]}", new { name = "Filter renamed" }, bob);
        return (alice, bob, ids[0], ids[1], firstOrder);
    }

    [Fact]
    public async Task Each_filter_narrows_the_log_and_filters_combine()
    {
        var (alice, bob, first, second, firstOrder) = await TwoCustomersAsync();
        var all = await AuditLog.ReadAsync(_api);

        var ofFirst = await AuditLog.ReadAsync(_api, $"customerId={first}");
        Assert.Equal(["customer.updated", "order.created", "interaction.created", "customer.created"], ofFirst.Select(e => e.Action()));
        Assert.Equal(all.Where(e => e["customerId"]?.GetValue<Guid>() == first).Select(e => e["id"]!.GetValue<Guid>()), ofFirst.Select(e => e["id"]!.GetValue<Guid>()));

        var byBob = await AuditLog.ReadAsync(_api, $"actor={Uri.EscapeDataString(bob)}");
        Assert.Equal(4, byBob.Count);
        Assert.All(byBob, e => Assert.Equal(bob, e.Actor()));

        var orders = await AuditLog.ReadAsync(_api, "resourceType=order");
        Assert.NotEmpty(orders);
        Assert.Equal(all.Count(e => e.Resource().Type == "order"), orders.Count);
        Assert.All(orders, e => Assert.Equal("order", e.Resource().Type));

        var oneOrder = Assert.Single(await AuditLog.ReadAsync(_api, $"resourceId={firstOrder}"));
        Assert.Equal(("order", firstOrder), oneOrder.Resource());

        var customerFamily = await AuditLog.ReadAsync(_api, "action=customer.*");
        Assert.Equal(all.Count(e => e.Action().StartsWith("customer.", StringComparison.Ordinal)), customerFamily.Count);
        Assert.Contains(customerFamily, e => e.Action() == "customer.updated");
        Assert.All(await AuditLog.ReadAsync(_api, "action=customer.created"), e => Assert.Equal("customer.created", e.Action()));

        var combined = Assert.Single(await AuditLog.ReadAsync(_api, $"customerId={first}&actor={Uri.EscapeDataString(bob)}&action=customer.*&resourceType=customer"));
        Assert.Equal("customer.updated", combined.Action());
        Assert.Empty(await AuditLog.ReadAsync(_api, $"customerId={second}&actor={Uri.EscapeDataString(alice)}"));
    }

    [Fact]
    public async Task From_is_inclusive_and_to_exclusive()
    {
        var (_, _, first, _, _) = await TwoCustomersAsync();
        var entries = await AuditLog.ReadAsync(_api, $"customerId={first}");
        var middle = entries[1];
        var at = Uri.EscapeDataString(middle["occurredAt"]!.GetValue<string>());

        var fromMiddle = await AuditLog.ReadAsync(_api, $"customerId={first}&from={at}");
        var beforeMiddle = await AuditLog.ReadAsync(_api, $"customerId={first}&to={at}");

        Assert.Equal(entries.Take(2).Select(Id), fromMiddle.Select(Id));
        Assert.Equal(entries.Skip(2).Select(Id), beforeMiddle.Select(Id));
        var window = await AuditLog.ReadAsync(_api, $"customerId={first}&from={at}&to={Uri.EscapeDataString(entries[0]["occurredAt"]!.GetValue<string>())}");
        Assert.Equal([Id(middle)], window.Select(Id));
    }

    [Fact]
    public async Task Pages_go_newest_first_without_duplicates_or_gaps_while_changes_are_appended()
    {
        var actor = AuditLog.NewUser();
        var id = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/customers", new { type = "individual", name = "Pager 0" }, actor))!["id"]!.GetValue<Guid>();
        for (var i = 1; i <= 10; i++)
        {
            await AuditLog.PatchAsync(_api, $"/api/v1/customers/{id}", new { name = $"Pager {i}" }, actor);
        }

        var expected = (await AuditLog.ReadAsync(_api, $"actor={Uri.EscapeDataString(actor)}")).Select(Id).ToList();
        var seen = new List<Guid>();
        string? cursor = null;
        var appended = 0;
        do
        {
            var page = await _api.GetJsonAsync($"/api/v1/audit?limit=3&actor={Uri.EscapeDataString(actor)}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(Id));
            cursor = page["nextCursor"]?.GetValue<string>();
            await AuditLog.PatchAsync(_api, $"/api/v1/customers/{id}", new { name = $"Pager appended {++appended}" }, actor);
        }
        while (cursor is not null);

        Assert.Equal(11, expected.Count);
        Assert.Equal(expected, seen);
        var positions = await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE actor = '{actor}'");
        Assert.Equal(11 + appended, positions);
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor()
    {
        var actor = AuditLog.NewUser();
        await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/customers", new { type = "individual", name = "Only One" }, actor);

        var page = await _api.GetJsonAsync($"/api/v1/audit?actor={Uri.EscapeDataString(actor)}");

        Assert.Single(page["items"]!.AsArray());
        Assert.False(page.ContainsKey("nextCursor"));
    }

    [Theory]
    [InlineData("resourceType=person", "resourceType")]
    [InlineData("resourceType=Customer", "resourceType")]
    [InlineData("resourceId=not-a-uuid", "resourceId")]
    [InlineData("customerId=42", "customerId")]
    [InlineData("action=customer.renamed", "action")]
    [InlineData("action=nothing.*", "action")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z", "to")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z", "to")]
    [InlineData("from=yesterday", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_parameter_is_a_400_naming_it_and_changes_nothing(string query, string member)
    {
        await _api.NewCustomerIdAsync("Bystander");
        var before = await api.DatabaseFingerprintAsync();

        using var response = await _api.Http.GetAsync("/api/v1/audit?" + query);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task An_actor_longer_than_the_log_stores_is_a_400()
    {
        using var response = await _api.Http.GetAsync("/api/v1/audit?actor=" + new string('a', 201));

        Assert.Contains("actor", (await response.AssertProblemAsync(400)).ErrorKeys());
    }

    [Fact]
    public async Task A_cursor_is_bound_to_its_filters()
    {
        var actor = AuditLog.NewUser();
        var id = (await AuditLog.SendAsync(_api, HttpMethod.Post, "/api/v1/customers", new { type = "individual", name = "Cursor 0" }, actor))!["id"]!.GetValue<Guid>();
        await AuditLog.PatchAsync(_api, $"/api/v1/customers/{id}", new { name = "Cursor 1" }, actor);
        var page = await _api.GetJsonAsync($"/api/v1/audit?limit=1&actor={Uri.EscapeDataString(actor)}");
        var cursor = Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>());

        using var other = await _api.Http.GetAsync($"/api/v1/audit?limit=1&customerId={id}&cursor={cursor}");

        Assert.Contains("cursor", (await other.AssertProblemAsync(400)).ErrorKeys());
        var same = await _api.GetJsonAsync($"/api/v1/audit?limit=1&actor={Uri.EscapeDataString(actor)}&cursor={cursor}");
        Assert.Equal("customer.created", same["items"]![0]!.AsObject()["action"]!.GetValue<string>());
    }

    private static Guid Id(JsonObject entry) => entry["id"]!.GetValue<Guid>();

    [Theory]
    [InlineData("viewer")]
    [InlineData("agent")]
    [InlineData("manager")]
    public async Task Only_admins_read_the_audit_log(string role)
    {
        using var refused = await api.AsRole(role).GetAsync("/api/v1/audit");
        await refused.AssertProblemAsync(403);
        using var anonymous = await api.CreateAnonymousClient().GetAsync("/api/v1/audit");
        await anonymous.AssertProblemAsync(401);
    }
}
