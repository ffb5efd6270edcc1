using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Customers;

public sealed class CustomerListTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    /// <summary>Follows nextCursor to the end and returns every item.</summary>
    private async Task<List<JsonObject>> ListAllAsync(string query, int limit)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await _api.ListCustomersAsync($"{query}&limit={limit}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            var pageItems = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            Assert.True(pageItems.Count <= limit);
            items.AddRange(pageItems);
            cursor = page["nextCursor"]?.GetValue<string>();
            Assert.True(cursor is null || pageItems.Count == limit, "a page before the last one is full");
        }
        while (cursor is not null);
        return items;
    }

    private async Task<string> SeedAsync(int count, string tag, Func<int, object>? extra = null)
    {
        // Bulk-insert through the API, a few at a time.
        for (var i = 0; i < count; i += 25)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(25, count - i)).Select(n =>
                _api.CreateCustomerAsync(extra?.Invoke(n) ?? new { type = "individual", name = $"Customer {n:D4}", tags = new[] { tag } })));
        }

        return tag;
    }

    [Fact]
    public async Task Paging_through_a_thousand_customers_while_others_are_inserted_returns_each_exactly_once()
    {
        var tag = await SeedAsync(1000, "batch-" + Guid.NewGuid().ToString("N")[..8]);
        var expected = (await api.ScalarAsync<string>($"SELECT string_agg(id::text, ',' ORDER BY id) FROM customers WHERE '{tag}' = ANY(tag_keys)")).Split(',').ToHashSet();

        using var stop = new CancellationTokenSource();
        var inserted = new ConcurrentBag<string>();
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested && n < 300)
            {
                var c = await _api.CreateCustomerAsync(new { type = "business", name = $"Late {n++}", tags = new[] { tag } });
                inserted.Add(c["id"]!.GetValue<string>());
            }
        });

        var pages = new List<List<string>>();
        foreach (var sort in new[] { "createdAt", "-createdAt" })
        {
            pages.Add((await ListAllAsync($"tag={tag}&sort={sort}", 200)).Select(i => i["id"]!.GetValue<string>()).ToList());
        }

        await stop.CancelAsync();
        await writer;

        // Every customer that existed before paging began appears exactly once; anything else
        // seen is one of the customers inserted meanwhile.
        var known = expected.Concat(inserted).ToHashSet();
        foreach (var seen in pages)
        {
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Superset(expected, seen.ToHashSet());
            Assert.Subset(known, seen.ToHashSet());
        }

        Assert.NotEmpty(inserted);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("createdAt")]
    [InlineData("-createdAt")]
    [InlineData("updatedAt")]
    [InlineData("-updatedAt")]
    public async Task Every_sort_order_is_total_and_stable_across_pages(string sort)
    {
        var tag = "sort-" + Guid.NewGuid().ToString("N")[..8];
        // Duplicate names force the id tie-breaker.
        await SeedAsync(60, tag, n => new { type = "individual", name = $"Name {n % 7}", tags = new[] { tag } });

        var all = await ListAllAsync($"tag={tag}&sort={sort}", 7);

        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Select(i => i["id"]!.GetValue<string>()).Distinct().Count());
        var key = sort.TrimStart('-');
        var keys = all.Select(i => (Key: i[key]!.GetValue<string>(), Id: i["id"]!.GetValue<Guid>())).ToList();
        var descending = sort.StartsWith('-');
        for (var i = 1; i < keys.Count; i++)
        {
            var cmp = key == "name"
                ? string.CompareOrdinal(keys[i - 1].Key, keys[i].Key)
                : DateTimeOffset.Parse(keys[i - 1].Key, System.Globalization.CultureInfo.InvariantCulture).CompareTo(DateTimeOffset.Parse(keys[i].Key, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(descending ? cmp >= 0 : cmp <= 0, $"{sort}: item {i} out of order");
        }
    }

    [Fact]
    public async Task Default_page_size_is_50_and_newest_come_first()
    {
        var tag = await SeedAsync(55, "default-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await _api.ListCustomersAsync($"tag={tag}");
        var items = page["items"]!.AsArray();
        Assert.Equal(50, items.Count);
        Assert.NotNull(page["nextCursor"]);
        var created = items.Select(i => DateTimeOffset.Parse(i!["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);

        var last = await _api.ListCustomersAsync($"tag={tag}&cursor={Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>())}");
        Assert.Equal(5, last["items"]!.AsArray().Count);
        Assert.False(last.ContainsKey("nextCursor"));
    }

    [Fact]
    public async Task Filters_select_by_text_stage_tag_owner_and_update_time()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var owner = Guid.NewGuid();
        var a = await _api.CreateCustomerAsync(new { type = "business", name = $"Acme {marker}", company = "Acme Corp", tags = new[] { "Wholesale" }, ownerId = owner });
        var b = await _api.CreateCustomerAsync(new { type = "individual", name = "Bea", email = $"bea.{marker}@example.com", lifecycleStage = "retention", phone = "+49 151 2345 6789" });
        var c = await _api.CreateCustomerAsync(new { type = "individual", name = "Cy 100%_sure", email = $"cy.{marker}@example.com", lifecycleStage = "churned" });

        static List<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

        Assert.Equal([a["id"]!.GetValue<string>()], Ids(await _api.ListCustomersAsync($"q=ACME%20{marker}")));
        Assert.Equal([b["id"]!.GetValue<string>()], Ids(await _api.ListCustomersAsync($"q=bea.{marker}")));
        Assert.Contains(b["id"]!.GetValue<string>(), Ids(await _api.ListCustomersAsync("q=4915123456789")));
        Assert.Contains(c["id"]!.GetValue<string>(), Ids(await _api.ListCustomersAsync("q=100%25_sure")));
        Assert.DoesNotContain(c["id"]!.GetValue<string>(), Ids(await _api.ListCustomersAsync("q=100%25xsure")));
        Assert.Contains(b["id"]!.GetValue<string>(), Ids(await _api.ListCustomersAsync("stage=retention&limit=200")));
        Assert.DoesNotContain(c["id"]!.GetValue<string>(), Ids(await _api.ListCustomersAsync("stage=retention&limit=200")));
        Assert.Contains(a["id"]!.GetValue<string>(), Ids(await _api.ListCustomersAsync("tag=wholesale&limit=200")));
        Assert.Equal([a["id"]!.GetValue<string>()], Ids(await _api.ListCustomersAsync($"ownerId={owner}")));

        var since = DateTimeOffset.Parse(c["updatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var recent = Ids(await _api.ListCustomersAsync($"updatedSince={Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&limit=200"));
        Assert.Contains(c["id"]!.GetValue<string>(), recent);
        Assert.DoesNotContain(a["id"]!.GetValue<string>(), recent);
        var withOffset = Ids(await _api.ListCustomersAsync($"updatedSince={Uri.EscapeDataString(since.ToOffset(TimeSpan.FromHours(-7)).ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&limit=200"));
        Assert.Equal(recent, withOffset);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("sort=email", "sort")]
    [InlineData("stage=lost", "stage")]
    [InlineData("stage=Retention", "stage")]
    [InlineData("ownerId=42", "ownerId")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=", "cursor")]
    [InlineData("page=2", "page")]
    [InlineData("offset=10&limit=5", "offset")]
    public async Task Bad_list_parameters_are_a_400_problem_naming_them(string query, string member)
    {
        using var response = await _api.Http.GetAsync("/api/v1/customers?" + query);
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.DoesNotContain("Nullable", problem["errors"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_200_is_accepted()
    {
        var page = await _api.ListCustomersAsync("limit=200");
        Assert.True(page["items"]!.AsArray().Count <= 200);
    }

    [Fact]
    public async Task A_tampered_cursor_or_one_reused_with_another_sort_or_filter_is_refused()
    {
        var tag = await SeedAsync(3, "cursor-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await _api.ListCustomersAsync($"tag={tag}&limit=1");
        var cursor = page["nextCursor"]!.GetValue<string>();

        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        foreach (var query in new[]
        {
            $"tag={tag}&limit=1&cursor={Uri.EscapeDataString(tampered)}",
            $"tag={tag}&limit=1&sort=name&cursor={Uri.EscapeDataString(cursor)}",
            $"tag=other&limit=1&cursor={Uri.EscapeDataString(cursor)}",
            $"tag={tag}&limit=1&cursor={Uri.EscapeDataString(cursor.Replace('.', '!'))}",
        })
        {
            using var response = await _api.Http.GetAsync("/api/v1/customers?" + query);
            var problem = await response.AssertProblemAsync(400);
            Assert.Equal(["cursor"], problem.ErrorKeys());
        }

        // The untouched cursor still works, with a different page size too.
        var next = await _api.ListCustomersAsync($"tag={tag}&limit=5&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(2, next["items"]!.AsArray().Count);
    }
}
