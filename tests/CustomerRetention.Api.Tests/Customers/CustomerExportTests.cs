using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Customers;

/// <summary>GET /api/v1/customers/export: the list's rows as RFC 4180 CSV, owner-scoped, with the list's 400s.</summary>
public sealed class CustomerExportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly ApiClient _api = api.CreateApiClient();

    [Theory]
    [InlineData("")]
    [InlineData("&sort=name")]
    [InlineData("&sort=-name&stage=interest")]
    [InlineData("&sort=createdAt&q=odd")]
    [InlineData("&sort=-updatedAt")]
    [InlineData("&sort=updatedAt&stage=awareness&q=customer")]
    public async Task Exported_rows_are_the_lists_items_across_all_pages(string filters)
    {
        var tag = "exp-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 23; i += 8)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(8, 23 - i)).Select(n => _api.CreateCustomerAsync(new
            {
                type = n % 3 == 0 ? "business" : "individual",
                name = $"{(n % 2 == 0 ? "Even" : "Odd")} Customer {n % 5}",
                email = $"c{n}.{tag}@example.com",
                phone = n % 4 == 0 ? "+442079460018" : null,
                company = n % 3 == 0 ? "Acme, Inc." : null,
                tags = new[] { tag, $"t{n % 2}" },
                lifecycleStage = n % 2 == 0 ? "awareness" : "interest",
            })));
        }

        var query = $"tag={tag}{filters}";
        var listed = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await _api.ListCustomersAsync($"{query}&limit=5" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            listed.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        var rows = await ExportAsync(_api.Http, query);
        Assert.NotEmpty(listed);
        Assert.Equal(listed.Count, rows.Count);
        foreach (var (item, row) in listed.Zip(rows))
        {
            Assert.Equal(item["id"]!.GetValue<string>(), row["id"]);
            foreach (var member in new[] { "type", "name", "email", "lifecycleStage", "stageEnteredAt", "createdAt", "updatedAt" })
            {
                Assert.Equal(item[member]!.GetValue<string>(), row[member]);
            }

            Assert.Equal(item["company"]?.GetValue<string>() ?? string.Empty, row["company"]);
            Assert.Equal(item["phone"]?.GetValue<string>() ?? string.Empty, row["phone"]);
            Assert.Equal(string.Join(';', item["tags"]!.AsArray().Select(t => t!.GetValue<string>())), row["tags"]);
            Assert.Equal(item["rfm"]?["segment"]?.GetValue<string>() ?? string.Empty, row["segment"]);
        }
    }

    [Fact]
    public async Task The_segment_column_and_filter_follow_the_latest_rfm_run()
    {
        var tag = "s-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 6; i++)
        {
            var id = (await _api.CreateCustomerAsync(new { type = "individual", name = $"Scored {i}", tags = new[] { tag } }))["id"]!.GetValue<Guid>();
            for (var n = 0; n <= i; n++)
            {
                await _api.CreateOrderAsync(id, new { orderedAt = $"2025-0{1 + n}-0{1 + i}T10:00:00Z", amount = 10 * (i + 1) });
            }
        }

        var run = await RfmApi.RunAsync(_api.Http, new { asOf = "2025-12-31T00:00:00Z" });
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());

        var listed = (await _api.ListCustomersAsync($"tag={tag}&limit=50"))["items"]!.AsArray()
            .ToDictionary(c => c!["id"]!.GetValue<string>(), c => c!["rfm"]!["segment"]!.GetValue<string>());
        var rows = await ExportAsync(_api.Http, $"tag={tag}");
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(listed[r["id"]], r["segment"]));

        var segment = listed.Values.First();
        var inSegment = await ExportAsync(_api.Http, $"tag={tag}&segment={segment}");
        Assert.Equal(listed.Where(l => l.Value == segment).Select(l => l.Key).Order(), inSegment.Select(r => r["id"]).Order());
    }

    [Fact]
    public async Task Quotes_commas_line_breaks_and_unicode_survive_a_strict_rfc_4180_reader()
    {
        var tag = "q-" + Guid.NewGuid().ToString("N")[..8];
        var name = "Lovelace, \"Ada\"\r\nCountess of Lovelace — Ümlaut 日本 😀";
        var company = "Analytical\nEngines, Ltd";
        var created = await _api.CreateCustomerAsync(new { type = "individual", name, company, externalId = "ext\"1", tags = new[] { tag } });

        using var response = await _api.Http.GetAsync($"/api/v1/customers/export?tag={tag}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Matches("^attachment; filename=\"customers-\\d{8}T\\d{6}Z\\.csv\"$", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Bom, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("id,externalId,type,name,company,email,phone,lifecycleStage,stageEnteredAt,ownerId,tags,segment,createdAt,updatedAt\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"Lovelace, \"\"Ada\"\"\r\nCountess", text, StringComparison.Ordinal);

        var row = Assert.Single(StrictCsv.Parse(text));
        Assert.Equal(created["id"]!.GetValue<string>(), row["id"]);
        Assert.Equal(name, row["name"]);
        Assert.Equal(company, row["company"]);
        Assert.Equal("ext\"1", row["externalId"]);
    }

    [Fact]
    public async Task Text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe()
    {
        var tag = "f-" + Guid.NewGuid().ToString("N")[..8];
        await _api.CreateCustomerAsync(new { type = "individual", name = "=HYPERLINK(\"http://evil.example\",\"x\")", company = "+SUM(A1)", externalId = "@cmd", tags = new[] { tag } });
        await _api.CreateCustomerAsync(new { type = "individual", name = "-2+3", company = "@Tabbed", externalId = "a=b", tags = new[] { tag } });

        var rows = await ExportAsync(_api.Http, $"tag={tag}&sort=name");

        Assert.Equal(["'-2+3", "'=HYPERLINK(\"http://evil.example\",\"x\")"], rows.Select(r => r["name"]));
        Assert.Equal(["'@Tabbed", "'+SUM(A1)"], rows.Select(r => r["company"]));
        Assert.Equal(["a=b", "'@cmd"], rows.Select(r => r["externalId"]));
    }

    [Fact]
    public async Task An_agents_export_holds_only_its_own_customers()
    {
        var tag = "own-" + Guid.NewGuid().ToString("N")[..8];
        var agent = Guid.NewGuid();
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await _api.CreateCustomerAsync(new { type = "individual", name = $"Mine {i}", ownerId = agent, tags = new[] { tag } }))["id"]!.GetValue<string>());
        }

        await _api.CreateCustomerAsync(new { type = "individual", name = "Someone else's", ownerId = Guid.NewGuid(), tags = new[] { tag } });
        await _api.CreateCustomerAsync(new { type = "individual", name = "Nobody's", tags = new[] { tag } });

        var agentRows = await ExportAsync(api.AsRole("agent", agent), $"tag={tag}");
        Assert.Equal(mine.Order(StringComparer.Ordinal), agentRows.Select(r => r["id"]).Order(StringComparer.Ordinal));
        Assert.All(agentRows, r => Assert.Equal(agent.ToString(), r["ownerId"]));
        Assert.Equal(5, (await ExportAsync(_api.Http, $"tag={tag}")).Count);
    }

    [Theory]
    [InlineData("stage=dormant", "stage")]
    [InlineData("sort=email", "sort")]
    [InlineData("segment=Not_A_Key", "segment")]
    [InlineData("segment=no-such-segment", "segment")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    public async Task Invalid_filters_are_the_lists_400_and_no_csv(string query, string member)
    {
        using var export = await _api.Http.GetAsync("/api/v1/customers/export?" + query);
        var problem = await export.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys(), StringComparer.OrdinalIgnoreCase);
        Assert.Null(export.Content.Headers.ContentDisposition);

        using var list = await _api.Http.GetAsync("/api/v1/customers?" + query);
        var listProblem = await list.AssertProblemAsync(400);
        Assert.Equal(listProblem.ErrorKeys(), problem.ErrorKeys());
    }

    /// <summary>GET an export, assert 200 CSV with a BOM, and parse it strictly.</summary>
    internal static async Task<List<Dictionary<string, string>>> ExportAsync(HttpClient client, string query, string path = "/api/v1/customers/export")
    {
        using var response = await client.GetAsync($"{path}?{query}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(Bom, bytes[..3]);
        return StrictCsv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }
}
