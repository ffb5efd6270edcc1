using CustomerRetention.Application.Value;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerRetention.Infrastructure.Value;

/// <summary>
/// SPEC §8.1 analytics as set-based SQL (one statement per call) over customers, stage_transitions
/// and orders; archived customers are excluded everywhere, only completed orders count.
/// </summary>
/// <remarks>
/// The stage of a customer at an instant t is the to_stage of its latest transition (by
/// occurred_at, then id) with occurred_at ≤ t: each transition opens a stay
/// [occurred_at, next transition's occurred_at). "Active at the start" of a period is therefore
/// measured at its start (occurred_at ≤ start), "active at the end" just before its exclusive end
/// (occurred_at &lt; end), so every transition in [start, end) is reflected in the end state.
/// </remarks>
public sealed class AnalyticsEngine(AppDbContext db) : IAnalyticsEngine
{
    private const int CommandTimeoutSeconds = 300;

    /// <summary>Transitions of live customers, each with the instant its stay ended (null: ongoing).</summary>
    private const string LiveTransitions =
        """
        live_transitions AS (
            SELECT t.id, t.customer_id, t.to_stage, t.occurred_at,
                   lead(t.occurred_at) OVER (PARTITION BY t.customer_id ORDER BY t.occurred_at, t.id) AS ended_at
            FROM stage_transitions t
            JOIN customers c ON c.id = t.customer_id AND c.archived_at IS NULL)
        """;

    public async Task<IReadOnlyList<PeriodCounts>> CountAsync(AnalyticsPeriods periods, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var periodsSql = periods.Interval switch
        {
            null => "SELECT @from::timestamptz AS period_start, @to::timestamptz AS period_end",
            { } interval => Aligned(interval),
        };
        // Periods are contiguous, so width_bucket (a binary search over the sorted period starts
        // or ends) assigns every event to its period, and each active stay to the range of
        // periods whose start (or end) it covers; those ranges are summed as +1/−1 deltas.
        // Timestamps have microsecond resolution: "starts < x" is "starts ≤ x − 1 µs".
        var sql =
            $"""
            WITH periods AS MATERIALIZED (
                SELECT (row_number() OVER (ORDER BY q.period_start))::int AS i, q.period_start, q.period_end FROM ({periodsSql}) q),
            bounds AS MATERIALIZED (
                SELECT min(period_start) AS lo, max(period_end) AS hi, count(*)::int AS n,
                       array_agg(period_start ORDER BY i) AS starts, array_agg(period_end ORDER BY i) AS ends
                FROM periods),
            {LiveTransitions},
            covers AS (
                SELECT width_bucket(s.occurred_at - interval '1 microsecond', b.starts) + 1 AS start_first,
                       CASE WHEN s.ended_at IS NULL THEN b.n ELSE width_bucket(s.ended_at - interval '1 microsecond', b.starts) END AS start_last,
                       width_bucket(s.occurred_at, b.ends) + 1 AS end_first,
                       CASE WHEN s.ended_at IS NULL THEN b.n ELSE width_bucket(s.ended_at, b.ends) END AS end_last
                FROM live_transitions s, bounds b
                WHERE s.to_stage IN ('retention', 'expansion', 'contraction')
                  AND s.occurred_at < b.hi AND (s.ended_at IS NULL OR s.ended_at > b.lo)),
            deltas AS (
                SELECT k, sum(at_start)::int AS at_start, sum(at_end)::int AS at_end FROM (
                    SELECT start_first AS k, 1 AS at_start, 0 AS at_end FROM covers WHERE start_first <= start_last
                    UNION ALL SELECT start_last + 1, -1, 0 FROM covers WHERE start_first <= start_last
                    UNION ALL SELECT end_first, 0, 1 FROM covers WHERE end_first <= end_last
                    UNION ALL SELECT end_last + 1, 0, -1 FROM covers WHERE end_first <= end_last) x
                GROUP BY k),
            first_active AS (
                SELECT width_bucket(f.at, b.starts) AS k, count(*)::int AS customers
                FROM (SELECT customer_id, min(occurred_at) AS at FROM live_transitions
                      WHERE to_stage IN ('retention', 'expansion', 'contraction') GROUP BY customer_id) f, bounds b
                WHERE f.at >= b.lo AND f.at < b.hi
                GROUP BY 1),
            churned AS (
                SELECT width_bucket(s.occurred_at, b.starts) AS k, count(DISTINCT s.customer_id)::int AS customers
                FROM live_transitions s, bounds b
                WHERE s.to_stage = 'churned' AND s.occurred_at >= b.lo AND s.occurred_at < b.hi
                GROUP BY 1),
            completed AS (
                SELECT o.customer_id, o.ordered_at, o.amount FROM orders o
                JOIN customers c ON c.id = o.customer_id AND c.archived_at IS NULL
                WHERE o.status = 'completed'),
            first_orders AS (
                SELECT width_bucket(f.at, b.starts) AS k, count(*)::int AS customers
                FROM (SELECT customer_id, min(ordered_at) AS at FROM completed GROUP BY customer_id) f, bounds b
                WHERE f.at >= b.lo AND f.at < b.hi
                GROUP BY 1),
            buying AS (
                SELECT k, sum(orders)::int AS orders, sum(revenue) AS revenue,
                       count(*)::int AS buyers, (count(*) FILTER (WHERE orders >= 2))::int AS repeat_buyers
                FROM (SELECT width_bucket(o.ordered_at, b.starts) AS k, o.customer_id, count(*) AS orders, sum(o.amount) AS revenue
                      FROM completed o, bounds b
                      WHERE o.ordered_at >= b.lo AND o.ordered_at < b.hi
                      GROUP BY 1, 2) x
                GROUP BY k)
            SELECT p.period_start, p.period_end,
                   (sum(coalesce(d.at_start, 0)) OVER w)::int,
                   (sum(coalesce(d.at_end, 0)) OVER w)::int,
                   coalesce(fa.customers, 0), coalesce(ch.customers, 0), coalesce(fo.customers, 0),
                   coalesce(bu.orders, 0), coalesce(bu.revenue, 0)::numeric, coalesce(bu.buyers, 0), coalesce(bu.repeat_buyers, 0)
            FROM periods p
            LEFT JOIN deltas d ON d.k = p.i
            LEFT JOIN first_active fa ON fa.k = p.i
            LEFT JOIN churned ch ON ch.k = p.i
            LEFT JOIN first_orders fo ON fo.k = p.i
            LEFT JOIN buying bu ON bu.k = p.i
            WINDOW w AS (ORDER BY p.i)
            ORDER BY p.i
            """;

        var result = new List<PeriodCounts>();
        await QueryAsync(
            sql,
            command =>
            {
                command.Parameters.AddWithValue("from", periods.From.ToUniversalTime());
                command.Parameters.AddWithValue("to", periods.To.ToUniversalTime());
            },
            reader => result.Add(new PeriodCounts(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetInt32(7),
                reader.GetDecimal(8),
                reader.GetInt32(9),
                reader.GetInt32(10))),
            cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<CohortCell>> CohortsAsync(DateTimeOffset firstMonth, DateTimeOffset endMonth, CancellationToken cancellationToken)
    {
        const string sql =
            """
            WITH completed AS (
                SELECT o.customer_id, date_trunc('month', o.ordered_at AT TIME ZONE 'UTC') AS month FROM orders o
                JOIN customers c ON c.id = o.customer_id AND c.archived_at IS NULL
                WHERE o.status = 'completed'),
            members AS (
                SELECT customer_id, min(month) AS cohort FROM completed GROUP BY customer_id
                HAVING min(month) >= (@first_month AT TIME ZONE 'UTC') AND min(month) < (@end_month AT TIME ZONE 'UTC')),
            activity AS (
                SELECT DISTINCT c.customer_id, c.month FROM completed c JOIN members m ON m.customer_id = c.customer_id
                WHERE c.month < (@end_month AT TIME ZONE 'UTC'))
            SELECT m.cohort AT TIME ZONE 'UTC',
                   ((extract(year FROM a.month) - extract(year FROM m.cohort)) * 12 + extract(month FROM a.month) - extract(month FROM m.cohort))::int AS month_offset,
                   count(*)::int
            FROM members m JOIN activity a ON a.customer_id = m.customer_id
            GROUP BY 1, 2
            ORDER BY 1, 2
            """;
        var cells = new List<CohortCell>();
        await QueryAsync(
            sql,
            command =>
            {
                command.Parameters.AddWithValue("first_month", firstMonth.ToUniversalTime());
                command.Parameters.AddWithValue("end_month", endMonth.ToUniversalTime());
            },
            reader => cells.Add(new CohortCell(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), reader.GetInt32(2))),
            cancellationToken);
        return cells;
    }

    public async Task<FunnelCounts> FunnelAsync(CancellationToken cancellationToken)
    {
        // n numbers a customer's transitions in history order; "later" means a higher n.
        const string sql =
            $"""
            WITH {LiveTransitions},
            numbered AS MATERIALIZED (
                SELECT customer_id, to_stage, occurred_at, ended_at,
                       row_number() OVER (PARTITION BY customer_id ORDER BY occurred_at, id) AS n
                FROM live_transitions),
            firsts AS (SELECT customer_id, to_stage AS stage, min(n) AS n FROM numbered GROUP BY customer_id, to_stage),
            lasts AS (SELECT customer_id, to_stage AS stage, max(n) AS n FROM numbered GROUP BY customer_id, to_stage)
            SELECT 'entered' AS kind, stage, NULL::text AS later, count(*)::int AS customers, NULL::float8 AS days
            FROM firsts GROUP BY stage
            UNION ALL
            SELECT 'reached', f.stage, l.stage, count(*)::int, NULL
            FROM firsts f JOIN lasts l ON l.customer_id = f.customer_id AND l.n > f.n
            GROUP BY f.stage, l.stage
            UNION ALL
            SELECT 'median', to_stage, NULL, NULL,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - occurred_at)::float8 / 86400)
            FROM numbered WHERE ended_at IS NOT NULL GROUP BY to_stage
            """;
        var entered = new Dictionary<string, int>(StringComparer.Ordinal);
        var reached = new Dictionary<(string, string), int>();
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        await QueryAsync(
            sql,
            _ => { },
            reader =>
            {
                var stage = reader.GetString(1);
                switch (reader.GetString(0))
                {
                    case "entered":
                        entered[stage] = reader.GetInt32(3);
                        break;
                    case "reached":
                        reached[(stage, reader.GetString(2))] = reader.GetInt32(3);
                        break;
                    default:
                        medians[stage] = reader.GetDouble(4);
                        break;
                }
            },
            cancellationToken);
        return new FunnelCounts(entered, reached, medians);
    }

    /// <summary>Every aligned UTC period (day, ISO week from Monday, calendar month) from the one containing @from to the last starting before @to.</summary>
    private static string Aligned(AnalyticsInterval interval)
    {
        var (unit, step) = interval switch
        {
            AnalyticsInterval.Day => ("day", "1 day"),
            AnalyticsInterval.Week => ("week", "1 week"),
            AnalyticsInterval.Month => ("month", "1 month"),
            _ => throw new ArgumentOutOfRangeException(nameof(interval)),
        };
        return $"""
            SELECT g AT TIME ZONE 'UTC' AS period_start, (g + interval '{step}') AT TIME ZONE 'UTC' AS period_end
            FROM generate_series(date_trunc('{unit}', @from::timestamptz AT TIME ZONE 'UTC'), @to::timestamptz AT TIME ZONE 'UTC', interval '{step}') AS g
            WHERE g < (@to::timestamptz AT TIME ZONE 'UTC')
            """;
    }

    private async Task QueryAsync(string sql, Action<NpgsqlCommand> parameters, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = CommandTimeoutSeconds };
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
