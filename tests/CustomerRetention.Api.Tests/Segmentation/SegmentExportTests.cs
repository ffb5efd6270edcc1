using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Customers;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>GET /api/v1/rfm/segments/{segment}/customers/export: the segment list's rows as CSV, owner-scoped.</summary>
public sealed class SegmentExportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Every_segments_export_is_its_list_and_an_agent_sees_only_its_own()
    {
        var agent = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var agentCustomers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 30; i++)
        {
            var customer = await _client.CreateCustomerAsync(new { type = "individual", name = $"=Buyer, \"{i}\"", ownerId = i % 3 == 0 ? agent : (Guid?)null });
            var id = customer["id"]!.GetValue<Guid>();
            if (i % 3 == 0)
            {
                agentCustomers.Add(id.ToString());
            }

            for (var o = 0; o <= i % 6; o++)
            {
                await _client.AddOrderAsync(id, now.AddDays(-(i * 11 + o * 3 + 1)), 5m + (i * 7 % 13) + o);
            }
        }

        var run = await _client.RunAsync(new { asOf = RfmApi.Utc(now) });
        var map = (await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segment-map"))!;
        var segments = map["cells"]!.AsArray().Select(c => c!["segment"]!.GetValue<string>()).Distinct().ToList();
        var exported = 0;
        foreach (var segment in segments)
        {
            var listed = await ListAsync(segment);
            var rows = await CustomerExportTests.ExportAsync(_client, $"runId={RfmApi.IdOf(run)}", $"/api/v1/rfm/segments/{segment}/customers/export");
            Assert.Equal(listed.Count, rows.Count);
            foreach (var (item, row) in listed.Zip(rows))
            {
                Assert.Equal(item["customerId"]!.GetValue<string>(), row["customerId"]);
                Assert.Equal("'" + item["name"]!.GetValue<string>(), row["name"]);
                Assert.Equal(item["monetary"]!.GetValue<decimal>(), decimal.Parse(row["monetary"], CultureInfo.InvariantCulture));
                foreach (var member in new[] { "recencyDays", "frequency", "r", "f", "m" })
                {
                    Assert.Equal(item[member]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), row[member]);
                }

                Assert.Equal(segment, row["segment"]);
            }

            var agentRows = await CustomerExportTests.ExportAsync(api.AsRole("agent", agent), string.Empty, $"/api/v1/rfm/segments/{segment}/customers/export");
            Assert.Equal(listed.Select(i => i["customerId"]!.GetValue<string>()).Where(agentCustomers.Contains), agentRows.Select(r => r["customerId"]));
            exported += rows.Count;
        }

        Assert.Equal(30, exported);
    }

    [Fact]
    public async Task A_malformed_segment_is_400_and_a_segment_outside_the_map_404_without_csv()
    {
        using var malformed = await _client.GetAsync("/api/v1/rfm/segments/Not_A_Key/customers/export");
        await malformed.AssertProblemAsync(400);
        Assert.Null(malformed.Content.Headers.ContentDisposition);

        await _client.RunAsync(new { asOf = RfmApi.Utc(DateTimeOffset.UtcNow) });
        using var unknown = await _client.GetAsync("/api/v1/rfm/segments/no-such-segment/customers/export");
        await unknown.AssertProblemAsync(404);
        Assert.Null(unknown.Content.Headers.ContentDisposition);
    }

    /// <summary>Every item of the segment list of the latest run, three at a time.</summary>
    private async Task<List<JsonObject>> ListAsync(string segment)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = (await _client.GetFromJsonAsync<JsonObject>(
                $"/api/v1/rfm/segments/{segment}/customers?limit=3" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))))!;
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }
}
