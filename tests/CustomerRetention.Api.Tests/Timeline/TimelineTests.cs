using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Timeline;

public sealed class TimelineTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Dictionary<string, int> KindRank = new() { ["stageChange"] = 3, ["order"] = 2, ["interaction"] = 1 };

    private readonly ApiClient _api = api.CreateApiClient();

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private async Task<string> PostAsync(string uri, object body)
    {
        using var response = await _api.Http.PostAsJsonAsync(uri, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{uri}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["id"]?.GetValue<string>() ?? string.Empty;
    }

    /// <summary>The timeline's documented order: occurredAt, then kind (stageChange, order, interaction), then id — all descending.</summary>
    private static void AssertNewestFirst(List<JsonObject> items)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var a = items[i - 1];
            var b = items[i];
            var at = DateTimeOffset.Parse(a["occurredAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)
                .CompareTo(DateTimeOffset.Parse(b["occurredAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            var rank = KindRank[a["kind"]!.GetValue<string>()].CompareTo(KindRank[b["kind"]!.GetValue<string>()]);
            var id = a["id"]!.GetValue<Guid>().CompareTo(b["id"]!.GetValue<Guid>());
            Assert.True(at > 0 || (at == 0 && (rank > 0 || (rank == 0 && id != 0))), $"items {i - 1} and {i} are out of order");
        }
    }

    [Fact]
    public async Task The_timeline_merges_interactions_orders_and_stage_changes_newest_first()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Timeline", stageEnteredAt = Iso(start) });
        var id = customer["id"]!.GetValue<string>();
        var call = await PostAsync($"/api/v1/customers/{id}/interactions", new { channel = "phone", direction = "inbound", type = "call", occurredAt = Iso(start.AddDays(1)), subject = "Asked about prices" });
        var order = await PostAsync($"/api/v1/customers/{id}/orders", new { orderedAt = Iso(start.AddDays(2)), amount = 49.90m, externalId = $"SO-{Guid.NewGuid():N}" });
        var mail = await PostAsync($"/api/v1/customers/{id}/interactions", new { channel = "email", direction = "outbound", type = "feedback", occurredAt = Iso(start.AddDays(3)) });

        var items = await _api.TimelineAsync(id, 50);

        Assert.Equal(["interaction", "stageChange", "order", "interaction", "stageChange"], items.Select(i => i["kind"]!.GetValue<string>()));
        Assert.Equal(mail, items[0]["id"]!.GetValue<string>());
        Assert.Equal(order, items[2]["id"]!.GetValue<string>());
        Assert.Equal(call, items[3]["id"]!.GetValue<string>());
        Assert.Equal("first purchase", items[1]["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(items[1]["occurredAt"]!.GetValue<string>(), items[2]["occurredAt"]!.GetValue<string>());
        Assert.Equal(49.90m, items[2]["data"]!["amount"]!.GetValue<decimal>());
        Assert.Contains("Asked about prices", items[3]["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i["summary"]!.GetValue<string>())));
        AssertNewestFirst(items);
    }

    [Fact]
    public async Task Paging_several_thousand_mixed_entries_returns_each_exactly_once_in_order()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-400);
        var customer = await _api.CreateCustomerAsync(new { type = "business", name = "Busy account", stageEnteredAt = Iso(start) });
        var id = customer["id"]!.GetValue<string>();

        // Many entries share an instant, across kinds, so ties must be broken deterministically.
        var posts = new List<Func<Task<string>>>();
        for (var i = 0; i < 2400; i++)
        {
            var at = Iso(start.AddHours(1 + (i / 3)));
            var n = i;
            posts.Add(() => PostAsync($"/api/v1/customers/{id}/interactions", new { channel = "chat", direction = n % 2 == 0 ? "inbound" : "outbound", type = "message", occurredAt = at }));
        }

        for (var i = 0; i < 600; i++)
        {
            var at = Iso(start.AddHours(1 + (i * 4 / 3)));
            posts.Add(() => PostAsync($"/api/v1/customers/{id}/orders", new { orderedAt = at, amount = 10m + i }));
        }

        var ids = new List<string>();
        foreach (var batch in posts.Chunk(40))
        {
            ids.AddRange(await Task.WhenAll(batch.Select(p => p())));
        }

        var items = await _api.TimelineAsync(id, 200);

        var expectedCount = ids.Count + 2; // plus the initial stage and the first-purchase transition
        Assert.Equal(expectedCount, items.Count);
        Assert.Equal(expectedCount, items.Select(i => i["kind"]!.GetValue<string>() + i["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Superset(ids.ToHashSet(), items.Select(i => i["id"]!.GetValue<string>()).ToHashSet());
        AssertNewestFirst(items);

        // Smaller pages see the very same sequence.
        var small = await _api.TimelineAsync(id, 37);
        Assert.Equal(items.Select(i => i["id"]!.GetValue<string>()), small.Select(i => i["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deleted_interactions_and_cancelled_orders_show_as_they_are_now()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Changes", stageEnteredAt = Iso(DateTimeOffset.UtcNow.AddDays(-5)) });
        var id = customer["id"]!.GetValue<string>();
        var note = await PostAsync($"/api/v1/customers/{id}/interactions", new { channel = "other", direction = "outbound", type = "note", occurredAt = Iso(DateTimeOffset.UtcNow.AddDays(-4)) });
        var order = await PostAsync($"/api/v1/customers/{id}/orders", new { orderedAt = Iso(DateTimeOffset.UtcNow.AddDays(-3)), amount = 5m });
        using (var delete = await _api.Http.DeleteAsync($"/api/v1/interactions/{note}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var cancel = await _api.PatchOrderAsync(order, new { status = "cancelled", statusReason = "changed mind" }))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var items = await _api.TimelineAsync(id, 50);
        Assert.DoesNotContain(items, i => i["id"]!.GetValue<string>() == note);
        var orderItem = Assert.Single(items, i => i["kind"]!.GetValue<string>() == "order");
        Assert.Equal("cancelled", orderItem["data"]!["status"]!.GetValue<string>());
        Assert.NotNull(orderItem["data"]!["statusChangedAt"]);
        Assert.Contains("cancelled", orderItem["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=abc.def", "cursor")]
    [InlineData("kind=order", "kind")]
    public async Task Bad_timeline_parameters_are_400(string query, string member)
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Params" });
        using var response = await _api.Http.GetAsync($"/api/v1/customers/{customer["id"]}/timeline?{query}");
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
    }

    [Fact]
    public async Task A_cursor_of_another_customers_timeline_is_refused()
    {
        var a = await _api.CreateCustomerAsync(new { type = "individual", name = "A" });
        var b = await _api.CreateCustomerAsync(new { type = "individual", name = "B" });
        await PostAsync($"/api/v1/customers/{a["id"]}/interactions", new { channel = "web", direction = "inbound", type = "other", occurredAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-5)) });
        var page = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{a["id"]}/timeline?limit=1");
        var cursor = page!["nextCursor"]!.GetValue<string>();

        using var response = await _api.Http.GetAsync($"/api/v1/customers/{b["id"]}/timeline?cursor={Uri.EscapeDataString(cursor)}");
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["cursor"], problem.ErrorKeys());
    }

    [Fact]
    public async Task The_timeline_of_an_unknown_customer_is_404()
    {
        using var response = await _api.Http.GetAsync($"/api/v1/customers/{Guid.CreateVersion7()}/timeline");
        await response.AssertProblemAsync(404);
    }
}
