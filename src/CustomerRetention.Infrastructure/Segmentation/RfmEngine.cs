using CustomerRetention.Domain.BuildingBlocks.Events;
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
public sealed partial class RfmEngine(ILogger<RfmEngine> logger) : IJobEngine
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public static JobDescription Description { get; } =
        new("rfm_runs", "RFM run", "RFM", "CustomerRetention.Infrastructure.Segmentation.RfmRunWorker", "run", "results");

    /// <summary>Computes and stores the results of a claimed run (the kit records a failure).</summary>
    public async Task ExecuteAsync(JobContext job, CancellationToken cancellationToken)
    {
        var scored = await ScoreAsync(job, cancellationToken);
        LogSucceeded(logger, job.Id, scored);
    }

    /// <inheritdoc />
    public string? DescribeFailure(Exception exception) => null;

    /// <inheritdoc />
    public static IDomainEvent Failed(Guid id, string reason, DateTimeOffset occurredAt) => new RfmRunFailed(id, reason, occurredAt);

    private async Task<int> ScoreAsync(JobContext job, CancellationToken cancellationToken)
    {
        // The kit holds the run's row for the whole computation; read the run.
        var runId = job.Id;
        var options = job.Options;
        RfmPolicy policy;
        DateTimeOffset asOf;
        int? windowDays;
        RfmBreakpoints? fixedBreakpoints;
        await using (var read = job.Command("SELECT policy, as_of, window_days, breakpoints::text FROM rfm_runs WHERE id = @id"))
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
        void Step(string name, double progress)
        {
            job.ReportProgress(progress);
            steps.Add($"{name} {watch.ElapsedMilliseconds} ms");
            watch.Restart();
        }

        await job.ExecuteAsync($"SET LOCAL work_mem = '{options.WorkMemMegabytes}MB'", cancellationToken);
        await job.ExecuteAsync($"SET LOCAL maintenance_work_mem = '{options.MaintenanceWorkMemMegabytes}MB'", cancellationToken);

        // The map the run uses is copied into the run (in the success step), so later map changes
        // never alter it. It is read once here; the run's row is written only when it succeeds, so
        // the heartbeat's updates of the row never wait for the computation.
        string map;
        await using (var read = job.Command("SELECT jsonb_agg(jsonb_build_object('r', r, 'f', f, 'segment', segment) ORDER BY r DESC, f)::text FROM rfm_segment_map"))
        {
            map = await read.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new InvalidOperationException("The segment map is empty.");
        }

        var segmentIds = await SegmentIdsAsync(job, map, cancellationToken);
        job.ReportProgress(0.05);

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
        var splits = await SliceBoundsAsync(job, cancellationToken);
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
        await job.ExecuteAsync("SET LOCAL enable_hashagg = off", cancellationToken);
        await using (var aggregate = job.Command(
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

        await job.ExecuteAsync("RESET enable_hashagg", cancellationToken);
        Step($"aggregate ({splits.Count + 1} slices)", 0.5);

        // 2. The breakpoints: percentile_cont over the measures, or the fixed ones.
        var (scored, quantiles) = await MeasureStatisticsAsync(job, measures, cancellationToken);
        var breakpoints = policy == RfmPolicy.Fixed
            ? fixedBreakpoints ?? throw new InvalidOperationException("A fixed run has no breakpoints.")
            : quantiles;
        Step("breakpoints", 0.55);

        // 3. Scores into the run's own table: R = 5 − #breakpoints strictly below the recency,
        //    F and M = 1 + #breakpoints strictly below the value; the segment from the run's map,
        //    as an array of segment ids indexed by cell ((r − 1) · 5 + f). Monetary values are
        //    compared in dollars as float8, like the percentiles (cents / 100 in float8 is the
        //    float8 nearest the two-decimal amount).
        await using (var score = job.Command(
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

        await job.ExecuteAsync($"DROP TABLE {measures}", cancellationToken);
        Step("score", 0.75);

        // Make the table a partition: the constraints the parent demands (one scan, which also
        // spares ATTACH its own), the indexes the reads use, then attach.
        await job.ExecuteAsync(
            $"""
            ALTER TABLE {partition}
                ALTER COLUMN run_id SET NOT NULL, ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN recency_days SET NOT NULL,
                ALTER COLUMN frequency SET NOT NULL, ALTER COLUMN monetary_cents SET NOT NULL, ALTER COLUMN r SET NOT NULL,
                ALTER COLUMN f SET NOT NULL, ALTER COLUMN m SET NOT NULL, ALTER COLUMN segment_id SET NOT NULL,
                ADD CONSTRAINT ck_{partition}_run CHECK (run_id = '{runId}')
            """,
            cancellationToken);
        Step("constraints", 0.8);
        await job.ExecuteAsync($"ALTER TABLE {partition} ADD CONSTRAINT pk_{partition} PRIMARY KEY (customer_id)", cancellationToken);
        Step("primary key", 0.85);
        await job.ExecuteAsync($"CREATE INDEX ix_{partition}_segment ON {partition} (segment_id, monetary_cents DESC, customer_id)", cancellationToken);
        Step("segment index", 0.95);
        await job.ExecuteAsync($"ALTER TABLE rfm_results ATTACH PARTITION {partition} FOR VALUES IN ('{runId}')", cancellationToken);
        await job.ExecuteAsync($"ANALYZE {partition}", cancellationToken);
        Step("attach and analyze", 0.99);
        LogSteps(logger, runId, string.Join(", ", steps));

        await SucceedAsync(job, runId, scored, breakpoints, map, cancellationToken);
        return scored;
    }

    /// <summary>
    /// The success step, in the run's transaction: the run is succeeded with its counts,
    /// breakpoints and the segment map it used. (Whatever else must commit with a success belongs here.)
    /// </summary>
    private static async Task SucceedAsync(JobContext job, Guid runId, int scored, RfmBreakpoints? breakpoints, string map, CancellationToken cancellationToken)
    {
        await using var finish = job.Command(
            """
            UPDATE rfm_runs SET status = 'succeeded', finished_at = clock_timestamp(), scored_customers = @scored,
                   breakpoints = @breakpoints::jsonb, segment_map = @map::jsonb, error = NULL
            WHERE id = @id
            """);
        finish.Parameters.AddWithValue("id", runId);
        finish.Parameters.AddWithValue("scored", scored);
        finish.Parameters.Add(new NpgsqlParameter("breakpoints", NpgsqlDbType.Text)
        {
            Value = breakpoints is null ? DBNull.Value : JsonSerializer.Serialize(breakpoints, Json),
        });
        finish.Parameters.AddWithValue("map", map);
        await finish.ExecuteNonQueryAsync(cancellationToken);
        job.Raise(new RfmRunSucceeded(runId, scored, job.Now));
    }

    /// <summary>
    /// How many customers the measures hold, and the 20/40/60/80th percentiles of each measure
    /// (null when there is nobody to score).
    /// </summary>
    private static async Task<(int Count, RfmBreakpoints? Quantiles)> MeasureStatisticsAsync(
        JobContext job, string measures, CancellationToken cancellationToken)
    {
        await using var command = job.Command(
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
    private static async Task<IReadOnlyList<Guid>> SliceBoundsAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var command = job.Command(
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
    private static async Task<short[]> SegmentIdsAsync(JobContext job, string map, CancellationToken cancellationToken)
    {
        const string Map = "jsonb_to_recordset(@map::jsonb) AS map(r int, f int, segment text)";
        await using (var intern = job.Command($"INSERT INTO rfm_segments (key) SELECT DISTINCT map.segment FROM {Map} ORDER BY 1 ON CONFLICT (key) DO NOTHING"))
        {
            intern.Parameters.AddWithValue("map", map);
            await intern.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = job.Command($"SELECT array_agg(s.id ORDER BY map.r, map.f) FROM {Map} JOIN rfm_segments s ON s.key = map.segment");
        read.Parameters.AddWithValue("map", map);
        var ids = await read.ExecuteScalarAsync(cancellationToken) as short[];
        return ids is { Length: 25 }
            ? ids
            : throw new InvalidOperationException("The run's segment map does not have one segment for each of the 25 (r, f) cells.");
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
}
