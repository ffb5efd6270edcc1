using System.Text.Json;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Segmentation;

/// <summary>
/// Runs RFM jobs set-based inside PostgreSQL (SPEC §7): one aggregate over completed orders into
/// an unlogged scratch table, <c>percentile_cont</c> for quantile breakpoints, and one
/// <c>CREATE TABLE … AS SELECT</c> that scores every customer and looks up its segment into the
/// run's own partition of <c>rfm_results</c>, which is then indexed and attached. Nothing per
/// customer crosses the wire.
/// </summary>
public sealed partial class RfmEngine(AppDbContext db, JobOptions options, ILogger<RfmEngine> logger) : IJobEngine
{
    private const string Table = "rfm_runs", Job = "run", Outputs = "results";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task<Guid?> ClaimNextAsync(string instance, CancellationToken cancellationToken) =>
        await JobTable.ClaimNextAsync(await OpenAsync(cancellationToken), Table, instance, cancellationToken);

    /// <inheritdoc />
    public async Task<int> FailAbandonedAsync(CancellationToken cancellationToken) =>
        await JobTable.FailAbandonedAsync(
            await OpenAsync(cancellationToken),
            Table,
            "Abandoned: the API instance running it stopped before it finished. Start a new run.",
            cancellationToken);

    /// <summary>Computes and stores the results of a claimed run, or records why it failed.</summary>
#pragma warning disable CA1031 // whatever goes wrong, the run must end as failed with its reason
    public async Task ExecuteAsync(Guid id, CancellationToken cancellationToken)
    {
        var runId = id;
        var connection = await OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var scored = await ScoreAsync(connection, runId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogSucceeded(logger, runId, scored);
        }
        catch (Exception e) when (e is not OperationCanceledException && !DatabaseFailures.IsUnavailable(e))
        {
            // The user sees a fixed text, never the exception's (it may be a raw PostgreSQL message);
            // the log has the details. A database outage is not caught here: the connection is gone,
            // so the worker records it (FailInterruptedAsync) when the database answers again.
            LogFailed(logger, e, runId);
            await JobTable.FailAsync(connection, Table, [runId], JobErrors.Internal(Job, Outputs, runId), CancellationToken.None);
        }
    }
#pragma warning restore CA1031

    /// <inheritdoc />
    public async Task FailInterruptedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await JobTable.FailAsync(await OpenAsync(cancellationToken), Table, ids, JobErrors.Outage(Job, Outputs), cancellationToken);

    private async Task<int> ScoreAsync(NpgsqlConnection connection, Guid runId, CancellationToken cancellationToken)
    {
        // Hold the run's row for the whole computation (see FailAbandonedAsync) and read it.
        RfmPolicy policy;
        DateTimeOffset asOf;
        int? windowDays;
        RfmBreakpoints? fixedBreakpoints;
        await using (var read = Command(connection, "SELECT policy, as_of, window_days, breakpoints::text FROM rfm_runs WHERE id = @id FOR UPDATE"))
        {
            read.Parameters.AddWithValue("id", runId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Run {runId} does not exist.");
            }

            policy = Enum.Parse<RfmPolicy>(reader.GetString(0), ignoreCase: true);
            asOf = reader.GetFieldValue<DateTimeOffset>(1);
            windowDays = reader.IsDBNull(2) ? null : reader.GetInt32(2);
            fixedBreakpoints = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize<RfmBreakpoints>(reader.GetString(3), Json);
        }

        var steps = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Step(string name)
        {
            steps.Add($"{name} {watch.ElapsedMilliseconds} ms");
            watch.Restart();
        }

        await Execute(connection, $"SET LOCAL work_mem = '{options.WorkMemMegabytes}MB'", cancellationToken);
        await Execute(connection, $"SET LOCAL maintenance_work_mem = '{options.MaintenanceWorkMemMegabytes}MB'", cancellationToken);

        // The map the run uses is copied into the run, so later map changes never alter it.
        await using (var map = Command(connection,
            """
            UPDATE rfm_runs SET segment_map = (
                SELECT jsonb_agg(jsonb_build_object('r', r, 'f', f, 'segment', segment) ORDER BY r DESC, f) FROM rfm_segment_map)
            WHERE id = @id
            """))
        {
            map.Parameters.AddWithValue("id", runId);
            await map.ExecuteNonQueryAsync(cancellationToken);
        }

        var segmentIds = await SegmentIdsAsync(connection, runId, cancellationToken);

        // 1. The measures, per live customer with a completed order before asOf (and in the
        //    window): whole days since the last such order (rounded down), their number and sum,
        //    into an unlogged scratch table dropped before the transaction ends. How it is made
        //    fast (docs/performance.md): customers are split into ranges (slices, one per parallel
        //    worker), and each slice is aggregated completely by one worker, streaming its
        //    customers' orders in order from the partial index on completed orders
        //    (customer_id, ordered_at) INCLUDE (amount), index-only. Left to itself PostgreSQL
        //    underestimates the number of customers (it samples orders), hashes, and has one
        //    process merge a million partial groups from the workers. Archived customers are left
        //    out per customer, after grouping.
        var measures = $"rfm_measures_{runId:N}";
        var partition = $"rfm_results_{runId:N}";
        var splits = await SliceBoundsAsync(connection, cancellationToken);
        var slices = Enumerable.Range(0, splits.Count + 1).Select(i =>
        {
            var range = (i > 0 ? $" AND o.customer_id >= @split{i - 1}" : string.Empty) + (i < splits.Count ? $" AND o.customer_id < @split{i}" : string.Empty);
            return $"""
                SELECT o.customer_id, max(o.ordered_at) AS last_order, count(*)::int AS frequency, sum(o.amount) AS monetary
                FROM orders o
                WHERE o.status = 'completed' AND o.ordered_at < @as_of
                  AND (@window_start::timestamptz IS NULL OR o.ordered_at >= @window_start){range}
                GROUP BY o.customer_id
                """;
        });
        await Execute(connection, "SET LOCAL enable_hashagg = off", cancellationToken);
        await using (var aggregate = Command(connection,
            $"""
            CREATE UNLOGGED TABLE {measures} AS
            SELECT a.customer_id,
                   floor(extract(epoch FROM (@as_of - a.last_order)) / 86400)::int AS recency_days,
                   a.frequency,
                   (a.monetary * 100)::bigint AS monetary_cents
            FROM ({string.Join("\nUNION ALL\n", slices)}) a
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = a.customer_id AND c.archived_at IS NOT NULL)
            """))
        {
            aggregate.Parameters.AddWithValue("as_of", asOf);
            aggregate.Parameters.Add(new NpgsqlParameter("window_start", NpgsqlDbType.TimestampTz)
            {
                Value = windowDays is { } days ? asOf.AddDays(-days) : DBNull.Value,
            });
            for (var i = 0; i < splits.Count; i++)
            {
                aggregate.Parameters.AddWithValue($"split{i}", splits[i]);
            }

            await aggregate.ExecuteNonQueryAsync(cancellationToken);
        }

        await Execute(connection, "RESET enable_hashagg", cancellationToken);
        Step($"aggregate ({splits.Count + 1} slices)");

        // 2. The breakpoints: percentile_cont over the measures, or the fixed ones.
        var (scored, quantiles) = await MeasureStatisticsAsync(connection, measures, cancellationToken);
        var breakpoints = policy == RfmPolicy.Fixed
            ? fixedBreakpoints ?? throw new InvalidOperationException("A fixed run has no breakpoints.")
            : quantiles;
        Step("breakpoints");

        // 3. Scores into the run's own table: R = 5 − #breakpoints strictly below the recency,
        //    F and M = 1 + #breakpoints strictly below the value; the segment from the run's map,
        //    as an array of segment ids indexed by cell ((r − 1) · 5 + f). Monetary values are
        //    compared in dollars as float8, like the percentiles (cents / 100 in float8 is the
        //    float8 nearest the two-decimal amount).
        await using (var score = Command(connection,
            $"""
            CREATE TABLE {partition} AS
            SELECT @id::uuid AS run_id, a.customer_id, a.recency_days, a.frequency, a.monetary_cents,
                   sc.r, sc.f, sc.m, (@segments::smallint[])[(sc.r - 1) * 5 + sc.f] AS segment_id
            FROM {measures} a
            CROSS JOIN LATERAL (SELECT
                (5 - ({Below("@rb", "a.recency_days")}))::smallint AS r,
                (1 + {Below("@fb", "a.frequency")})::smallint AS f,
                (1 + {Below("@mb", Dollars("a.monetary_cents"))})::smallint AS m) sc
            """))
        {
            score.Parameters.AddWithValue("id", runId);
            var values = breakpoints ?? new RfmBreakpoints([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]); // nobody to score
            score.Parameters.AddWithValue("rb", values.RecencyDays.ToArray());
            score.Parameters.AddWithValue("fb", values.Frequency.ToArray());
            score.Parameters.AddWithValue("mb", values.Monetary.ToArray());
            score.Parameters.AddWithValue("segments", segmentIds);
            await score.ExecuteNonQueryAsync(cancellationToken);
        }

        await Execute(connection, $"DROP TABLE {measures}", cancellationToken);
        Step("score");

        // Make the table a partition: the constraints the parent demands (one scan, which also
        // spares ATTACH its own), the indexes the reads use, then attach.
        await Execute(connection,
            $"""
            ALTER TABLE {partition}
                ALTER COLUMN run_id SET NOT NULL, ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN recency_days SET NOT NULL,
                ALTER COLUMN frequency SET NOT NULL, ALTER COLUMN monetary_cents SET NOT NULL, ALTER COLUMN r SET NOT NULL,
                ALTER COLUMN f SET NOT NULL, ALTER COLUMN m SET NOT NULL, ALTER COLUMN segment_id SET NOT NULL,
                ADD CONSTRAINT ck_{partition}_run CHECK (run_id = '{runId}')
            """,
            cancellationToken);
        Step("constraints");
        await Execute(connection, $"ALTER TABLE {partition} ADD CONSTRAINT pk_{partition} PRIMARY KEY (customer_id)", cancellationToken);
        Step("primary key");
        await Execute(connection, $"CREATE INDEX ix_{partition}_segment ON {partition} (segment_id, monetary_cents DESC, customer_id)", cancellationToken);
        Step("segment index");
        await Execute(connection, $"ALTER TABLE rfm_results ATTACH PARTITION {partition} FOR VALUES IN ('{runId}')", cancellationToken);
        await Execute(connection, $"ANALYZE {partition}", cancellationToken);
        Step("attach and analyze");
        LogSteps(logger, runId, string.Join(", ", steps));

        await using var finish = Command(connection,
            """
            UPDATE rfm_runs SET status = 'succeeded', finished_at = clock_timestamp(), scored_customers = @scored,
                   breakpoints = @breakpoints::jsonb, error = NULL
            WHERE id = @id
            """);
        finish.Parameters.AddWithValue("id", runId);
        finish.Parameters.AddWithValue("scored", scored);
        finish.Parameters.Add(new NpgsqlParameter("breakpoints", NpgsqlDbType.Text)
        {
            Value = breakpoints is null ? DBNull.Value : JsonSerializer.Serialize(breakpoints, Json),
        });
        await finish.ExecuteNonQueryAsync(cancellationToken);
        return scored;
    }

    /// <summary>
    /// How many customers the measures hold, and the 20/40/60/80th percentiles of each measure
    /// (null when there is nobody to score).
    /// </summary>
    private async Task<(int Count, RfmBreakpoints? Quantiles)> MeasureStatisticsAsync(
        NpgsqlConnection connection, string measures, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            $"""
            SELECT count(*),
                   percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY recency_days),
                   percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY frequency),
                   percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY {Dollars("monetary_cents")})
            FROM {measures}
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = (int)reader.GetInt64(0);
        return (count, reader.IsDBNull(1)
            ? null
            : new RfmBreakpoints(reader.GetFieldValue<double[]>(1), reader.GetFieldValue<double[]>(2), reader.GetFieldValue<double[]>(3)));
    }

    /// <summary>
    /// Customer ids that split the orders into one slice per parallel worker of roughly equal
    /// size, taken from PostgreSQL's histogram of <c>orders.customer_id</c> (none when the table
    /// has no statistics yet or parallel query is off: one slice).
    /// </summary>
    private async Task<IReadOnlyList<Guid>> SliceBoundsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            """
            SELECT current_setting('max_parallel_workers_per_gather')::int,
                   (SELECT histogram_bounds::text::uuid[] FROM pg_stats
                    WHERE schemaname = current_schema() AND tablename = 'orders' AND attname = 'customer_id')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var workers = reader.GetInt32(0);
        return reader.IsDBNull(1) ? [] : RfmSlices.Splits(reader.GetFieldValue<Guid[]>(1), workers);
    }

    /// <summary>
    /// Interns the keys of the run's map in <c>rfm_segments</c> and returns the segment id of each
    /// cell, ordered by (r, f): element (r − 1) · 5 + f in SQL's 1-based arrays.
    /// </summary>
    private async Task<short[]> SegmentIdsAsync(NpgsqlConnection connection, Guid runId, CancellationToken cancellationToken)
    {
        const string Map = "jsonb_to_recordset((SELECT segment_map FROM rfm_runs WHERE id = @id)) AS map(r int, f int, segment text)";
        await using (var intern = Command(connection, $"INSERT INTO rfm_segments (key) SELECT DISTINCT map.segment FROM {Map} ORDER BY 1 ON CONFLICT (key) DO NOTHING"))
        {
            intern.Parameters.AddWithValue("id", runId);
            await intern.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = Command(connection, $"SELECT array_agg(s.id ORDER BY map.r, map.f) FROM {Map} JOIN rfm_segments s ON s.key = map.segment");
        read.Parameters.AddWithValue("id", runId);
        var ids = await read.ExecuteScalarAsync(cancellationToken) as short[];
        return ids is { Length: 25 }
            ? ids
            : throw new InvalidOperationException("The run's segment map does not have one segment for each of the 25 (r, f) cells.");
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql) =>
        new(sql, connection) { CommandTimeout = options.CommandTimeoutSeconds };

    private async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>SQL counting the elements of the breakpoint array <paramref name="array"/> strictly below <paramref name="value"/>.</summary>
    private static string Below(string array, string value) =>
        string.Join(" + ", Enumerable.Range(1, RfmScoring.BreakpointCount).Select(i => $"({array}[{i}] < {value})::int"));

    /// <summary>SQL for whole cents as dollars in float8 (the float8 nearest the two-decimal amount).</summary>
    private static string Dollars(string cents) => $"({cents}::float8 / 100)";

    [LoggerMessage(Level = LogLevel.Information, Message = "RFM run {RunId} succeeded: {Scored} customers scored")]
    private static partial void LogSucceeded(ILogger logger, Guid runId, int scored);

    [LoggerMessage(Level = LogLevel.Information, Message = "RFM run {RunId} steps: {Steps}")]
    private static partial void LogSteps(ILogger logger, Guid runId, string steps);

    [LoggerMessage(Level = LogLevel.Error, Message = "RFM run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid runId);
}
