using System.Text;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>An API whose imports take at most 4 KiB and commit every 10 rows.</summary>
public sealed class SmallImportsFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Imports:MaxBytes", "4096");
        builder.UseSetting("Imports:ChunkRows", "10");
    }
}

/// <summary><c>Imports:MaxBytes</c> and the all-or-nothing chunks of <c>Imports:ChunkRows</c>.</summary>
public sealed class ImportLimitsTests(SmallImportsFactory api) : IClassFixture<SmallImportsFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Rows(int count, Func<int, string> name)
    {
        var csv = new StringBuilder("externalId,type,name\r\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append($"lim-{i},individual,{name(i)}\r\n");
        }

        return csv.ToString();
    }

    [Fact]
    public async Task A_file_over_the_limit_is_a_413_and_nothing_is_stored()
    {
        var before = await api.CustomersFingerprintAsync();
        var imports = await api.ScalarAsync<long>("SELECT count(*) FROM imports");
        var file = Rows(300, i => $"Customer {i}");
        Assert.True(Encoding.UTF8.GetByteCount(file) > 4096);

        using var response = await _client.UploadAsync(ImportTestSupport.Csv(file));

        await response.AssertProblemAsync(413);
        Assert.Equal(imports, await api.ScalarAsync<long>("SELECT count(*) FROM imports"));
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM import_uploads u JOIN imports i ON i.id = u.import_id WHERE i.status = 'queued'"));
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task A_chunk_that_fails_as_a_whole_leaves_nothing_of_it_and_keeps_the_chunks_before()
    {
        // A trigger stands for anything that makes a chunk's transaction fail (a concurrent writer,
        // a constraint): row 15 (the 15th customer) is in the second chunk of ten.
        await api.ExecuteAsync(
            """
            CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.name = 'Boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_boom BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION refuse_boom();
            """);
        try
        {
            var done = await _client.ImportAsync(ImportTestSupport.Csv(Rows(25, i => i == 15 ? "Boom" : $"Chunked {i}")));

            Assert.Equal("failed", done["status"]!.GetValue<string>());
            Assert.Contains("could not be written as a whole", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal((25L, 10L, 10L), (done.Count("totalRows"), done.Count("processedRows"), done.Count("created")));
            Assert.Equal(
                string.Join(',', Enumerable.Range(1, 10).Select(i => $"lim-{i}").Order(StringComparer.Ordinal)),
                await api.ScalarAsync<string>("SELECT string_agg(external_id, ',' ORDER BY external_id) FROM customers WHERE name LIKE 'Chunked %' OR name = 'Boom'"));
            Assert.Equal(10, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'customer.created'"));
            Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'import.failed'"));
        }
        finally
        {
            await api.ExecuteAsync("DROP TRIGGER refuse_boom ON customers; DROP FUNCTION refuse_boom();");
        }
    }
}
