using System.Globalization;
using System.Text;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>
/// 200 000 customers in one CSV with bad rows spread through it (four chunks of the default 50 000):
/// the counts, the errors with their row numbers, the rows and events in the database; then the same
/// file again (all unchanged, no event) and a file with one changed row (one customer.updated).
/// </summary>
public sealed class LargeCustomerImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Rows = 200_000;

    /// <summary>Every 997th row has an invalid e-mail, every 1 009th no name: 200 + 198 − 0 rows refused.</summary>
    private static bool BadEmail(int i) => i % 997 == 0;

    private static bool NoName(int i) => i % 1009 == 0 && !BadEmail(i);

    private static string File(Func<int, string>? nameOf = null)
    {
        var csv = new StringBuilder("externalId,type,name,email,phone,tags,lifecycleStage\r\n");
        for (var i = 1; i <= Rows; i++)
        {
            var name = NoName(i) ? string.Empty : nameOf?.Invoke(i) ?? $"Customer {i}";
            var email = BadEmail(i) ? "not-an-address" : $"c{i}@example.com";
            csv.Append(CultureInfo.InvariantCulture, $"erp-{i},{(i % 3 == 0 ? "business" : "individual")},{name},{email},+4930{i:D7},{(i % 2 == 0 ? "vip;b2b" : string.Empty)},{(i % 5 == 0 ? "interest" : string.Empty)}\r\n");
        }

        return csv.ToString();
    }

    [Fact]
    public async Task A_large_file_with_bad_rows_is_imported_once_then_unchanged_then_updated()
    {
        var client = api.CreateClient();
        var bad = Enumerable.Range(1, Rows).Count(i => BadEmail(i) || NoName(i));
        var good = Rows - bad;

        var first = await client.ImportAsync(ImportTestSupport.Csv(File()));

        Assert.Equal("succeeded", first["status"]!.GetValue<string>());
        Assert.Equal(Rows, first.Count("totalRows"));
        Assert.Equal(Rows, first.Count("processedRows"));
        Assert.Equal(good, first.Count("created"));
        Assert.Equal(0, first.Count("updated"));
        Assert.Equal(0, first.Count("unchanged"));
        Assert.Equal(bad, first.Count("failed"));
        Assert.Equal(good, await api.ScalarAsync<long>("SELECT count(*) FROM customers"));
        Assert.Equal(good, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'customer.created'"));
        Assert.Equal(good, await api.ScalarAsync<long>("SELECT count(*) FROM stage_transitions WHERE from_stage IS NULL AND source = 'manual'"));
        Assert.Equal(
            Enumerable.Range(1, Rows).Count(i => i % 5 == 0 && !BadEmail(i) && !NoName(i)),
            await api.ScalarAsync<long>("SELECT count(*) FROM customers WHERE lifecycle_stage = 'interest'"));
        Assert.Equal("+49300000042|vip,b2b|business", await api.ScalarAsync<string>("SELECT phone || '|' || array_to_string(tags, ',') || '|' || type FROM customers WHERE external_id = 'erp-42'"));
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM import_uploads"));

        var errors = await client.ErrorsAsync(first["id"]!.GetValue<Guid>());
        Assert.Equal(bad, errors.Select(e => e["row"]!.GetValue<long>()).Distinct().Count());
        var expected = Enumerable.Range(1, Rows).Where(i => BadEmail(i) || NoName(i))
            .Select(i => (Row: (long)i + 1, Field: BadEmail(i) ? "email" : "name")).ToList();
        Assert.Equal(expected, errors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).Distinct().ToList());
        Assert.Equal("'email' is not a valid e-mail address.", errors[0]["message"]!.GetValue<string>());

        // The same file again: nothing changes, nothing is emitted.
        var customers = await api.CustomersFingerprintAsync();
        var events = await api.ScalarAsync<long>("SELECT count(*) FROM events");
        var again = await client.ImportAsync(ImportTestSupport.Csv(File()));
        Assert.Equal("succeeded", again["status"]!.GetValue<string>());
        Assert.Equal((0L, 0L, (long)good, (long)bad), (again.Count("created"), again.Count("updated"), again.Count("unchanged"), again.Count("failed")));
        Assert.Equal(customers, await api.CustomersFingerprintAsync());
        Assert.Equal(events + 1, await api.ScalarAsync<long>("SELECT count(*) FROM events")); // import.succeeded only
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type LIKE 'customer.%' AND position > (SELECT max(position) - 1 FROM events)"));

        // One changed name: one update, one customer.updated naming the field, with the old value.
        var changed = await client.ImportAsync(ImportTestSupport.Csv(File(i => i == 77_777 ? "Renamed Customer" : $"Customer {i}")));
        Assert.Equal((0L, 1L, (long)good - 1, (long)bad), (changed.Count("created"), changed.Count("updated"), changed.Count("unchanged"), changed.Count("failed")));
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'customer.updated'"));
        Assert.Equal(
            "[\"name\"]|\"Customer 77777\"|\"Renamed Customer\"",
            await api.ScalarAsync<string>("SELECT (data->'changedFields')::text || '|' || (data->'previous'->'name')::text || '|' || (data->'state'->'name')::text FROM events WHERE type = 'customer.updated'"));
        Assert.Equal("Renamed Customer", await api.ScalarAsync<string>("SELECT name FROM customers WHERE external_id = 'erp-77777'"));
    }
}
