using System.Net;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Customers;

/// <summary>A 5 000-customer export over a real Kestrel socket: streamed (chunked, no Content-Length), not buffered.</summary>
public sealed class LargeExportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Copies = 5000;

    [Fact]
    public async Task A_large_export_is_sent_chunked_as_it_is_read()
    {
        var tag = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        var template = (await api.CreateApiClient().CreateCustomerAsync(new { type = "individual", name = "Bulk, \"template\"", tags = new[] { tag } }))["id"]!.GetValue<Guid>();

        // Copies of the template row in one statement (every stored column but the id and the unique ones).
        await api.ExecuteAsync($"""
            DO $$
            DECLARE cols text;
            BEGIN
              SELECT string_agg(quote_ident(column_name), ',') INTO cols FROM information_schema.columns
              WHERE table_name = 'customers' AND is_generated = 'NEVER' AND is_identity = 'NO'
                AND column_name NOT IN ('id', 'email', 'external_id');
              EXECUTE format('INSERT INTO customers (id, %s) SELECT gen_random_uuid(), %s FROM customers, generate_series(1, {Copies}) WHERE id = %L', cols, cols, '{template}');
            END $$;
            """);

        using var host = new KestrelHost(api);
        using var client = KestrelHosting.CreateSocketClient(host.Address);
        using var response = await client.GetAsync($"/api/v1/customers/export?tag={tag}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.True(response.Headers.TransferEncodingChunked, "the body is chunked");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), detectEncodingFromByteOrderMarks: true);
        Assert.StartsWith("id,externalId,type,name,", await reader.ReadLineAsync(), StringComparison.Ordinal);

        var rows = StrictCsv.Records("h\r\n" + await reader.ReadToEndAsync()).Skip(1).ToList();
        Assert.Equal(Copies + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal("Bulk, \"template\"", r[3]));
    }
}
