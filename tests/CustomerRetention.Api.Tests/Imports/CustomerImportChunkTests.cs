using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>
/// A customers import over several chunks of <c>Imports:ChunkRows</c> (10 here): merged while the
/// file is still read when no key repeats, staged as a whole first when one does (ADR 0023).
/// </summary>
public sealed class CustomerImportChunkTests(SmallImportsFactory api) : IClassFixture<SmallImportsFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Rows(string prefix, int count, Func<int, string> email)
    {
        var csv = new StringBuilder("externalId,type,name,email\r\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append($"{prefix}-{i},individual,{prefix} {i},{email(i)}\r\n");
        }

        return csv.ToString();
    }

    [Fact]
    public async Task Chunks_merged_while_the_file_is_read_create_every_row_with_the_single_creates_event()
    {
        var done = await _client.ImportAsync(ImportTestSupport.Csv(Rows("pipe", 25, i => $"pipe{i}@example.com")));

        Assert.Equal((25L, 25L, 25L, 0L), (done.Count("totalRows"), done.Count("processedRows"), done.Count("created"), done.Count("failed")));
        var ids = await api.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY external_id) FROM customers WHERE external_id LIKE 'pipe-%'");
        foreach (var id in ids.Split(','))
        {
            var dto = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}"))!;
            dto.Remove("rfm");
            dto.Remove("etag");
            var state = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT (data->'state')::text FROM events WHERE type = 'customer.created' AND customer_id = '{id}'"))!;
            Assert.True(JsonNode.DeepEquals(dto, state), $"event {state.ToJsonString()} vs customer {dto.ToJsonString()}");
        }

        Assert.Equal("manual", await api.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM stage_transitions t JOIN customers c ON c.id = t.customer_id WHERE c.external_id LIKE 'pipe-%'"));
    }

    [Fact]
    public async Task An_email_repeated_in_another_chunk_refuses_both_rows()
    {
        // Rows 3 and 24 (customers 2 and 23) are in the first and the third chunk of ten.
        var done = await _client.ImportAsync(ImportTestSupport.Csv(Rows("far", 25, i => i is 2 or 23 ? "Far.Twin@example.com" : $"far{i}@example.com")));

        Assert.Equal((25L, 23L, 2L), (done.Count("processedRows"), done.Count("created"), done.Count("failed")));
        var errors = await _client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal([3L, 24L], errors.Select(e => e["row"]!.GetValue<long>()).ToList());
        Assert.Contains("rows 3, 24", errors[0]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM customers WHERE external_id IN ('far-2', 'far-23')"));
        Assert.Equal(23, await api.ScalarAsync<long>("SELECT count(*) FROM events e JOIN customers c ON c.id = e.customer_id WHERE e.type = 'customer.created' AND c.external_id LIKE 'far-%'"));
    }
}
