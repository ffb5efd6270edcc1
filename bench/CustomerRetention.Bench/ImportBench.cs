using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The import benchmark of build/bench.sh (docs/performance.md): a deterministic customer CSV, a raw
/// binary COPY of its rows into <c>customers</c> (the baseline), and the same file through
/// <c>POST /api/v1/imports</c> timed from the POST to <c>succeeded</c>.
/// </summary>
internal static class ImportBench
{
    /// <summary>Writes <paramref name="rows"/> customers as the import's CSV (the customer export's columns; about 75 MB for a million, under the default 100 MiB limit).</summary>
    public static async Task<int> WriteFileAsync(string path, int rows)
    {
        await using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        await file.WriteAsync("externalId,type,name,email,phone,tags,lifecycleStage\r\n");
        for (var i = 1; i <= rows; i++)
        {
            var (externalId, type, name, email, phone, tags, stage) = Row(i);
            await file.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{externalId},{type},{name},{email},{phone},{string.Join(';', tags)},{stage}\r\n"));
        }

        return 0;
    }

    private static (string ExternalId, string Type, string Name, string Email, string Phone, string[] Tags, string Stage) Row(int i) => (
        $"bench-{i:D7}",
        i % 4 == 0 ? "business" : "individual",
        $"Customer {i:D7}",
        $"c{i}@example.com",
        $"+4930{i:D8}",
        i % 10 == 0 ? ["vip", "newsletter"] : [],
        i % 3 == 0 ? "interest" : "awareness");

    /// <summary>
    /// The baseline: the same rows (built in memory first, so only the COPY is timed) by one binary
    /// COPY into <c>customers</c> with every column the import writes. Prints the milliseconds.
    /// </summary>
    public static async Task<int> CopyAsync(string connectionString, int rows)
    {
        var now = DateTimeOffset.UtcNow;
        var data = Enumerable.Range(1, rows).Select(Row).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY customers (id, external_id, type, name, email, email_key, phone, tags, tag_keys, attributes, lifecycle_stage, stage_entered_at, created_at, updated_at, consent_email, consent_sms, consent_phone) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in data)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.ExternalId, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Type, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Name, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Email, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Email.ToLowerInvariant(), NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Phone, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(r.Tags.Select(t => t.ToLowerInvariant()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(r.Stage, NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await copy.CompleteAsync();
        }

        Console.WriteLine(watch.ElapsedMilliseconds);
        return 0;
    }

    /// <summary>
    /// Uploads the file (streamed from disk) to the import endpoint with the API key, then reads the
    /// import's Location every 100 ms until it has ended. Prints the milliseconds from the POST to
    /// <c>succeeded</c> and the import's final JSON.
    /// </summary>
    public static async Task<int> ImportAsync(string baseUrl, string path, string apiKey)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            ready.EnsureSuccessStatusCode();
        }

        var watch = Stopwatch.StartNew();
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports?kind=customers") { Content = content };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var post = await http.SendAsync(request);
        if (post.StatusCode != HttpStatusCode.Accepted || post.Headers.Location is not { } location)
        {
            await Console.Error.WriteLineAsync($"POST /api/v1/imports: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
            return 1;
        }

        var uploaded = watch.ElapsedMilliseconds;
        return await JobTimer.WaitAsync(http, location, watch, uploaded.ToString(CultureInfo.InvariantCulture));
    }
}
