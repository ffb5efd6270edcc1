using System.Text;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>An orders import over several chunks of <c>Imports:ChunkRows</c> (10 here).</summary>
public sealed class OrderImportChunkTests(SmallImportsFactory api) : IClassFixture<SmallImportsFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_customer_with_orders_in_several_chunks_makes_one_first_purchase_in_the_first_of_them()
    {
        var ids = new List<Guid>();
        foreach (var key in new[] { "ock-a", "ock-b", "ock-c" })
        {
            ids.Add((await _client.CreateCustomerAsync(new { type = "individual", name = key, externalId = key, lifecycleStage = "awareness", stageEnteredAt = "2025-01-01T00:00:00Z" }))["id"]!.GetValue<Guid>());
        }

        // 24 orders, customers in turn; each customer's orders get earlier down the file, so each
        // chunk holds an earlier order of the customer than the one before it.
        var csv = new StringBuilder("externalId,customerExternalId,orderedAt,amount\r\n");
        for (var i = 0; i < 24; i++)
        {
            csv.Append($"ock-o{i},ock-{(char)('a' + (i % 3))},{new DateTimeOffset(2026, 5, 28, 12, 0, 0, TimeSpan.Zero).AddDays(-i):yyyy-MM-ddTHH:mm:ssZ},{i + 1}\r\n");
        }

        var done = await _client.ImportAsync(ImportTestSupport.Csv(csv.ToString()), "orders");

        Assert.Equal((24L, 0L, 24L), (done.Count("created"), done.Count("failed"), done.Count("processedRows")));
        // Chunk 1 holds rows 2–11 (orders 0–9): the earliest of customer a there is order 9, of b order 7, of c order 8.
        Assert.Equal(
            ["awareness>retention:first purchase:2026-05-19", "awareness>retention:first purchase:2026-05-21", "awareness>retention:first purchase:2026-05-20"],
            await Task.WhenAll(ids.Select(id => api.ScalarAsync<string>(
                $"SELECT string_agg(from_stage || '>' || to_stage || ':' || reason || ':' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '|') FROM stage_transitions WHERE customer_id = '{id}' AND from_stage IS NOT NULL"))));
        Assert.Equal(3, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'lifecycle.stage-changed' AND customer_id IN ('{string.Join("','", ids)}')"));
        Assert.Equal(24, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'order.created' AND customer_id IN (SELECT id FROM customers WHERE external_id LIKE 'ock-_')"));
    }
}
