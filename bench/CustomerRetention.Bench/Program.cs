// Generates the benchmark data set straight into PostgreSQL with binary COPY:
//   dotnet run -c Release -- "<connection string>" <customers> <orders>
// Customers: all live, individual. Orders: completed, over the three years before now, with a
// realistic skew: about 45 % of customers buy once, the rest 2–66 times on a log-uniform scale
// (a long tail of frequent buyers), spread over an active stretch after each customer's first
// purchase that often ends long before today; amounts log-normal around $60. Secondary indexes and foreign
// keys are set aside during the load and rebuilt after it, as one would for a bulk import.
//
// Also times a job through the HTTP API for build/bench.sh (see JobTimer):
//   dotnet CustomerRetention.Bench.dll job <API base URL> <path> <JSON body>
// and the import benchmark (ImportBench):
//   dotnet CustomerRetention.Bench.dll import-file <path> <rows>
//   dotnet CustomerRetention.Bench.dll import-copy "<connection string>" <rows>
//   dotnet CustomerRetention.Bench.dll import <API base URL> <path> <API key>
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

if (args is ["job", var baseUrl, var path, var body])
{
    return await JobTimer.RunAsync(baseUrl, path, body);
}

// The import benchmark (ImportBench): the CSV, the baseline COPY, the import through the API.
switch (args)
{
    case ["import-file", var file, var rowCount]:
        return await ImportBench.WriteFileAsync(file, int.Parse(rowCount, System.Globalization.CultureInfo.InvariantCulture));
    case ["import-copy", var connectionString, var rowCount]:
        return await ImportBench.CopyAsync(connectionString, int.Parse(rowCount, System.Globalization.CultureInfo.InvariantCulture));
    case ["import", var importUrl, var file, var apiKey]:
        return await ImportBench.ImportAsync(importUrl, file, apiKey);
}

if (args.Length < 3 || !int.TryParse(args[1], out var customerCount) || !long.TryParse(args[2], out var orderTarget))
{
    Console.Error.WriteLine("usage: CustomerRetention.Bench <connection string> <customers> <orders>");
    return 2;
}

var clock = Stopwatch.StartNew();
var random = new Random(20261123);
var now = DateTimeOffset.UtcNow;
var span = TimeSpan.FromDays(3 * 365);
await using var connection = new NpgsqlConnection(args[0]);
await connection.OpenAsync();

async Task Exec(string sql)
{
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

async Task<List<string>> Strings(string sql)
{
    var list = new List<string>();
    await using var command = new NpgsqlCommand(sql, connection);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        list.Add(reader.GetString(0));
    }

    return list;
}

// Set secondary indexes aside: their definitions are kept in bench_set_aside_indexes (committed
// before the first DROP) and replayed after the load, so a load that fails half-way leaves them to
// the next run instead of losing them (the next run restores them first).
await Exec("CREATE TABLE IF NOT EXISTS bench_set_aside_indexes (definition text PRIMARY KEY)");
foreach (var pending in await Strings("SELECT definition FROM bench_set_aside_indexes"))
{
    await Exec(pending.Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
        .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal));
}

await Exec("DELETE FROM bench_set_aside_indexes");
await Exec(
    """
    INSERT INTO bench_set_aside_indexes
    SELECT indexdef FROM pg_indexes i
    WHERE tablename IN ('customers', 'orders')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    """);
var indexes = await Strings("SELECT definition FROM bench_set_aside_indexes");
foreach (var name in await Strings(
    "SELECT indexname FROM pg_indexes i WHERE tablename IN ('customers', 'orders') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"))
{
    await Exec($"DROP INDEX {name}");
}

foreach (var partition in await Strings("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'rfm_results'::regclass"))
{
    await Exec($"DROP TABLE {partition}"); // the results of earlier runs go with their runs
}

// CASCADE: whatever else refers to customers (alerts, tasks, evaluations of the rules) goes with them.
await Exec("TRUNCATE orders, stage_transitions, interactions, rfm_runs, clv_predictions, clv_models, customers CASCADE");
await Exec("SET session_replication_role = replica"); // no FK triggers during the load

var ids = new Guid[customerCount];
await using (var copy = await connection.BeginBinaryImportAsync(
    "COPY customers (id, type, name, tags, tag_keys, attributes, lifecycle_stage, stage_entered_at, created_at, updated_at, consent_email, consent_sms, consent_phone) FROM STDIN (FORMAT BINARY)"))
{
    for (var i = 0; i < customerCount; i++)
    {
        var created = now - TimeSpan.FromTicks((long)(span.Ticks * (0.5 + (random.NextDouble() * 0.5))));
        ids[i] = Guid.CreateVersion7(created);
        await copy.StartRowAsync();
        await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
        await copy.WriteAsync("individual", NpgsqlDbType.Varchar);
        await copy.WriteAsync($"Bench Customer {i:D7}", NpgsqlDbType.Varchar);
        await copy.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        await copy.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
        await copy.WriteAsync("retention", NpgsqlDbType.Varchar);
        await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean);
    }

    await copy.CompleteAsync();
}

Console.WriteLine($"customers: {customerCount:N0} in {clock.Elapsed.TotalSeconds:F1} s");

long orders = 0;
await using (var copy = await connection.BeginBinaryImportAsync(
    "COPY orders (id, customer_id, ordered_at, status, amount, currency, items, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
{
    // Draw each customer's order count, then scale so the total lands on the target.
    var counts = new int[customerCount];
    long drawn = 0;
    for (var i = 0; i < customerCount; i++)
    {
        counts[i] = random.NextDouble() < 0.45 ? 1 : 2 + (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(65)));
        drawn += counts[i];
    }

    // Scale to the target, then top up (frequent buyers only) or trim at the end to hit it exactly.
    var scale = (double)orderTarget / drawn;
    long total = 0;
    for (var i = 0; i < customerCount; i++)
    {
        counts[i] = Math.Max(1, (int)Math.Round(counts[i] * scale));
        total += counts[i];
    }

    while (total < orderTarget)
    {
        var i = random.Next(customerCount);
        if (counts[i] > 1)
        {
            counts[i]++;
            total++;
        }
    }

    for (var i = 0; i < customerCount && orders < orderTarget; i++)
    {
        // Each customer buys from a first purchase day over an active stretch that ends at some
        // point before today (many stop early), so the data carry the "dropout" that the BG/NBD
        // model of the CLV benchmark needs to be identified.
        var first = now - TimeSpan.FromTicks((long)(span.Ticks * (0.1 + (0.9 * random.NextDouble()))));
        var active = TimeSpan.FromTicks((long)((now - first).Ticks * Math.Pow(random.NextDouble(), 2)));
        for (var k = 0; k < counts[i] && orders < orderTarget; k++, orders++)
        {
            var at = k == 0 ? first : first + TimeSpan.FromTicks((long)(active.Ticks * random.NextDouble()));
            at = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
            var amount = Math.Round((decimal)Math.Exp(4.1 + (0.8 * Gaussian(random))), 2);
            await copy.StartRowAsync();
            await copy.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
            await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync("completed", NpgsqlDbType.Varchar);
            await copy.WriteAsync(amount, NpgsqlDbType.Numeric);
            await copy.WriteAsync("USD", NpgsqlDbType.Char);
            await copy.WriteAsync("[]", NpgsqlDbType.Jsonb);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
        }
    }

    await copy.CompleteAsync();
}

Console.WriteLine($"orders: {orders:N0} after {clock.Elapsed.TotalSeconds:F1} s");
await Exec("SET session_replication_role = origin");
await Exec("SET maintenance_work_mem = '1GB'");
foreach (var definition in indexes)
{
    await Exec(definition);
}

await Exec("DELETE FROM bench_set_aside_indexes");

await Exec("VACUUM ANALYZE customers");
await Exec("VACUUM ANALYZE orders");
Console.WriteLine($"indexes rebuilt and analysed after {clock.Elapsed.TotalSeconds:F1} s");
return 0;

static double Gaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
