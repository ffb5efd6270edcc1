using CustomerRetention.Application.Surveys;
using CustomerRetention.Domain.Surveys;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Surveys;

/// <summary>
/// The NPS analytics of SPEC §9.4 as one SQL statement over the responses (of live customers),
/// grouped by what the response stored at response time (the segment and stage snapshot, the
/// channel, the survey), so a customer who moved segment since still counts where it was.
/// Counts, NPS, its interval and CSAT are computed in numeric (exact up to the final rounding to
/// one decimal, half away from zero): with n responses, p promoters and d detractors,
/// NPS = 100 (p − d) / n and Var = (p/n + d/n − ((p − d)/n)²) / n = (n (p + d) − (p − d)²) / n³,
/// so the interval is NPS ± 196 √Var, clamped to [−100, 100].
/// </summary>
public sealed class SurveyAnalytics(AppDbContext db) : ISurveyAnalytics
{
    private const int CommandTimeoutSeconds = 300;

    public async Task<IReadOnlyList<NpsGroupDto>> GroupsAsync(NpsAnalyticsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.GroupBy switch
        {
            null => "'all'::text",
            "segment" => "r.segment",
            "stage" => "r.stage",
            "channel" => "r.channel",
            "survey" => "r.survey_id::text",
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
        var unit = request.Interval switch
        {
            null => null,
            "day" or "week" or "month" => request.Interval,
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
        var period = unit is null ? "NULL::timestamptz" : $"date_trunc('{unit}', r.responded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
        var periods = unit is null
            ? "SELECT NULL::timestamptz AS period_start"
            : $"""
              SELECT g AT TIME ZONE 'UTC' AS period_start
              FROM generate_series(date_trunc('{unit}', @from AT TIME ZONE 'UTC'), @to AT TIME ZONE 'UTC', interval '1 {unit}') AS g
              WHERE g < (@to AT TIME ZONE 'UTC')
              """;
        var keys = request.GroupBy is null ? "SELECT 'all'::text AS key" : "SELECT DISTINCT key FROM r";
        var sql =
            $"""
            WITH r AS (
                SELECT {key} AS key, {period} AS period_start, r.score
                FROM survey_responses r
                JOIN customers c ON c.id = r.customer_id AND c.archived_at IS NULL
                WHERE r.survey_type = @type AND r.responded_at >= @from AND r.responded_at < @to
                  AND (@survey IS NULL OR r.survey_id = @survey)),
            counted AS (
                SELECT key, period_start, count(*) AS n,
                       count(*) FILTER (WHERE score >= 9) AS p,
                       count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS pa,
                       count(*) FILTER (WHERE score <= 6) AS d,
                       count(*) FILTER (WHERE score >= 4) AS s
                FROM r GROUP BY key, period_start),
            cells AS (
                SELECT k.key, p.period_start FROM ({keys}) k CROSS JOIN ({periods}) p),
            joined AS (
                SELECT cells.key, cells.period_start, coalesce(c.n, 0) AS n, coalesce(c.p, 0) AS p, coalesce(c.pa, 0) AS pa,
                       coalesce(c.d, 0) AS d, coalesce(c.s, 0) AS s
                FROM cells
                LEFT JOIN counted c ON c.key IS NOT DISTINCT FROM cells.key AND c.period_start IS NOT DISTINCT FROM cells.period_start)
            SELECT key, period_start, n::int, p::int, pa::int, d::int, s::int,
                   CASE WHEN n > 0 THEN round(100.0 * (p - d) / n, 1) END AS nps,
                   CASE WHEN n > 0 THEN round(greatest(-100, 100.0 * (p - d) / n - 196 * sqrt((n * (p + d) - (p - d) * (p - d))::numeric / (n::numeric * n * n))), 1) END AS low,
                   CASE WHEN n > 0 THEN round(least(100, 100.0 * (p - d) / n + 196 * sqrt((n * (p + d) - (p - d) * (p - d))::numeric / (n::numeric * n * n))), 1) END AS high,
                   CASE WHEN n > 0 THEN round(100.0 * s / n, 1) END AS csat
            FROM joined
            ORDER BY key NULLS LAST, period_start
            """;

        var nps = request.Type == SurveyType.Nps;
        var groups = new List<NpsGroupDto>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = CommandTimeoutSeconds };
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = request.From.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = request.To.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = request.Type == SurveyType.Nps ? "nps" : "csat" });
            command.Parameters.Add(new NpgsqlParameter("survey", NpgsqlDbType.Uuid) { Value = (object?)request.SurveyId ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var n = reader.GetInt32(2);
                decimal? At(int i) => reader.IsDBNull(i) ? null : reader.GetDecimal(i);
                groups.Add(new NpsGroupDto
                {
                    Key = reader.IsDBNull(0) ? null : reader.GetString(0),
                    PeriodStart = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                    Responses = n,
                    Promoters = nps ? reader.GetInt32(3) : null,
                    Passives = nps ? reader.GetInt32(4) : null,
                    Detractors = nps ? reader.GetInt32(5) : null,
                    Nps = nps ? At(7) : null,
                    Ci95 = nps && n > 0 ? [At(8)!.Value, At(9)!.Value] : null,
                    Satisfied = nps ? null : reader.GetInt32(6),
                    Csat = nps ? null : At(10),
                });
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return groups;
    }
}
