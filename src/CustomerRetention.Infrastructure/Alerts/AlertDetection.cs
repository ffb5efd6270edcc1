using System.Globalization;
using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>The deployment settings of alert evaluations: the dry-run's statement timeout (<c>Alerts:DryRunTimeoutSeconds</c>).</summary>
public sealed record AlertOptions(int DryRunTimeoutSeconds);

/// <summary>A rule refused by its evaluation for a reason of its own (shown as the job's error).</summary>
public sealed class AlertEvaluationException(string message) : Exception(message);

/// <summary>
/// The shared first half of an evaluation and a dry-run, on one connection and transaction: finds
/// the RFM run and CLV model the rule reads, builds <c>alert_scope</c>, <c>alert_results</c> and
/// <c>alert_plan</c> (AlertSql), and reads the figures. Nothing outside temporary tables is written.
/// Commands run in the connection's open transaction (<paramref name="transaction"/>, or the job kit's).
/// </summary>
internal sealed class AlertDetection(NpgsqlConnection connection, NpgsqlTransaction? transaction, int timeoutSeconds)
{
    private readonly List<NpgsqlParameter> _parameters = [];

    /// <summary>A command on the detection's connection with every parameter of the rule.</summary>
    public NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = timeoutSeconds };
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Builds the scope, the results and the plan of <paramref name="rule"/> at <paramref name="asOf"/>.</summary>
    public async Task PrepareAsync(AlertRuleSettings rule, DateTimeOffset asOf, Guid? rfmRun, string zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var run = rfmRun is { } given ? await RunAsync("id = @given", given, asOf, cancellationToken) : await RunAsync("as_of <= @as_of", null, asOf, cancellationToken);
        Add("as_of", NpgsqlDbType.TimestampTz, asOf);
        Add("as_of_text", NpgsqlDbType.Text, ApiJson.FormatTimestamp(asOf));
        Add("zone", NpgsqlDbType.Text, zone);
        Add("rule", NpgsqlDbType.Uuid, rule.RuleId);
        Add("rule_version", NpgsqlDbType.Integer, rule.Version ?? 0);
        Add("kind", NpgsqlDbType.Text, ApiJson.EnumValue(rule.Kind));
        Add("key_prefix", NpgsqlDbType.Text, rule.RuleId is { } id ? $"{id}:" : "draft:");
        Add("params", NpgsqlDbType.Text, rule.Params.ToJsonString(ApiJson.Options));
        Add("stages", NpgsqlDbType.Array | NpgsqlDbType.Text, (rule.Scope.Stages ?? []).Select(ApiJson.EnumValue).ToArray());
        Add("segments", NpgsqlDbType.Array | NpgsqlDbType.Text, (rule.Scope.Segments ?? []).ToArray());
        Add("tags", NpgsqlDbType.Array | NpgsqlDbType.Text, (rule.Scope.Tags ?? []).Select(t => t.ToLowerInvariant()).ToArray());
        Add("rfm_run", NpgsqlDbType.Uuid, run?.Id);
        Add("base", NpgsqlDbType.Text, ApiJson.EnumValue(rule.Severity.Base ?? AlertSeverity.Medium));
        Add("raised", NpgsqlDbType.Text, ApiJson.EnumValue(rule.Severity.Raised ?? AlertSeverity.High));
        Add("raise_at", NpgsqlDbType.Numeric, rule.Severity.RaiseAt);
        Add("raise_segments", NpgsqlDbType.Array | NpgsqlDbType.Text, (rule.Severity.RaiseForSegments ?? []).ToArray());
        Add("cooldown", NpgsqlDbType.Integer, rule.CooldownDays);
        Add("auto_resolve", NpgsqlDbType.Boolean, rule.AutoResolve);
        var detect = await KindAsync(rule, asOf, run, zone, cancellationToken);

        await ExecuteAsync(AlertSql.Scope, cancellationToken);
        await ExecuteAsync(detect, cancellationToken);
        await ExecuteAsync(AlertSql.Plan, cancellationToken);
    }

    /// <summary>Adds a parameter every later command carries.</summary>
    public void Add(string name, NpgsqlDbType type, object? value) =>
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    /// <summary>The figures as the plan sees them (before it is applied).</summary>
    public async Task<AlertFiguresDto> FiguresAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(AlertSql.Figures);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new AlertFiguresDto
        {
            Evaluated = (int)reader.GetInt64(0),
            NotEvaluable = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(1))!,
            Fired = (int)reader.GetInt64(2),
            Updated = (int)reader.GetInt64(3),
            Suppressed = (int)reader.GetInt64(4),
            AutoResolved = (int)reader.GetInt64(5),
        };
    }

    private async Task<string> KindAsync(AlertRuleSettings rule, DateTimeOffset asOf, (Guid Id, DateTimeOffset AsOf)? run, string zone, CancellationToken cancellationToken)
    {
        switch (rule.Kind)
        {
            case AlertKind.FrequencyDrop:
            {
                var window = rule.WholeNumber("windowDays");
                var prevTo = asOf.AddDays(-window);
                var prevFrom = asOf.AddDays(-2 * window);
                Add("window_days", NpgsqlDbType.Integer, window);
                Add("min_previous", NpgsqlDbType.Integer, rule.WholeNumber("minPreviousOrders"));
                Add("threshold", NpgsqlDbType.Numeric, rule.Fraction("dropThreshold"));
                Add("prev_to", NpgsqlDbType.TimestampTz, prevTo);
                Add("prev_from", NpgsqlDbType.TimestampTz, prevFrom);
                Add("prev_to_text", NpgsqlDbType.Text, ApiJson.FormatTimestamp(prevTo));
                Add("prev_from_text", NpgsqlDbType.Text, ApiJson.FormatTimestamp(prevFrom));
                return AlertSql.FrequencyDrop;
            }

            case AlertKind.SpendDrift:
                Add("period_days", NpgsqlDbType.Integer, rule.WholeNumber("periodDays"));
                Add("period_seconds", NpgsqlDbType.Bigint, rule.WholeNumber("periodDays") * 86_400L);
                Add("baseline", NpgsqlDbType.Integer, rule.WholeNumber("baselinePeriods"));
                Add("min_periods", NpgsqlDbType.Integer, rule.WholeNumber("minPeriods"));
                Add("threshold", NpgsqlDbType.Numeric, rule.Fraction("threshold"));
                Add("direction", NpgsqlDbType.Text, rule.Text("direction"));
                return AlertSql.SpendDrift;
            case AlertKind.PAliveLow:
            {
                var model = await ModelAsync(asOf, zone, cancellationToken);
                var asOfDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(asOf, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
                var stale = model is { } m && m.CalibrationEnd < asOfDate.AddDays(-rule.WholeNumber("maxModelAgeDays"));
                Add("model", NpgsqlDbType.Uuid, model?.Id);
                Add("stale", NpgsqlDbType.Boolean, stale);
                Add("calibration_end", NpgsqlDbType.Text, model?.CalibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Add("threshold", NpgsqlDbType.Numeric, rule.Fraction("threshold"));
                return AlertSql.PAliveLow;
            }

            case AlertKind.Overdue:
                Add("min_orders", NpgsqlDbType.Integer, rule.WholeNumber("minOrders"));
                Add("factor", NpgsqlDbType.Numeric, rule.Fraction("factor"));
                return AlertSql.Overdue;
            case AlertKind.SegmentEntered:
            {
                var previous = run is { } r ? await PreviousRunAsync(r.Id, cancellationToken) : null;
                Add("watch", NpgsqlDbType.Array | NpgsqlDbType.Text, rule.Segments("segments").ToArray());
                Add("previous_run", NpgsqlDbType.Uuid, previous);
                Add("run_as_of", NpgsqlDbType.Text, run is { } shown ? ApiJson.FormatTimestamp(shown.AsOf) : null);
                return AlertSql.SegmentEntered;
            }

            default:
                throw new AlertEvaluationException($"'{AlertKindCatalog.Of(rule.Kind).Key}' rules are evaluated when their event happens, not at an asOf.");
        }
    }

    /// <summary>The succeeded RFM run the rule reads: the given one, or the latest at or before asOf (by asOf, then creation).</summary>
    private async Task<(Guid Id, DateTimeOffset AsOf)?> RunAsync(string condition, Guid? given, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT id, as_of FROM rfm_runs WHERE status = 'succeeded' AND {condition} ORDER BY as_of DESC, created_at DESC LIMIT 1", connection, transaction);
        command.Parameters.AddWithValue("as_of", asOf);
        command.Parameters.AddWithValue("given", NpgsqlDbType.Uuid, (object?)given ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return given is null ? null : throw new AlertEvaluationException($"RFM run {given} has not succeeded.");
        }

        return (reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>The succeeded RFM run before <paramref name="run"/> (by asOf, then creation), or null for the first.</summary>
    private async Task<Guid?> PreviousRunAsync(Guid run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT p.id FROM rfm_runs p, rfm_runs r
            WHERE r.id = @run AND p.status = 'succeeded' AND p.id <> r.id AND (p.as_of, p.created_at) < (r.as_of, r.created_at)
            ORDER BY p.as_of DESC, p.created_at DESC LIMIT 1
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("run", run);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>The latest succeeded CLV model calibrated to asOf's local date or before.</summary>
    private async Task<(Guid Id, DateOnly CalibrationEnd)?> ModelAsync(DateTimeOffset asOf, string zone, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id, calibration_end FROM clv_models
            WHERE status = 'succeeded' AND calibration_end <= (@as_of AT TIME ZONE @zone)::date
            ORDER BY calibration_end DESC, created_at DESC LIMIT 1
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("as_of", asOf);
        command.Parameters.AddWithValue("zone", zone);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1)) : null;
    }
}
