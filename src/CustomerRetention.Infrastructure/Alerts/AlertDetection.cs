using System.Globalization;
using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>The deployment settings of alert evaluations: the dry-run's statement timeout (<c>Alerts:DryRunTimeoutSeconds</c>).</summary>
public sealed record AlertOptions(int DryRunTimeoutSeconds);

/// <summary>What applying a plan did: alerts opened, updated and auto-resolved, and the detections a cool-down suppressed.</summary>
public sealed record AlertApplied(int Opened, int Updated, int AutoResolved, int Suppressed);

/// <summary>A rule refused by its evaluation for a reason of its own (shown as the job's error).</summary>
public sealed class AlertEvaluationException(string message) : Exception(message);

/// <summary>
/// The detection of a rule, on one connection and transaction, shared by an evaluation, a dry-run
/// and the reaction of the event kinds: finds the RFM run and CLV model the rule reads, builds
/// <c>alert_scope</c>, <c>alert_results</c> and <c>alert_plan</c> (AlertSql; for an event kind
/// first <c>alert_events</c>, the events between <c>@position</c> and <c>@head</c> the caller
/// binds), reads the figures, and, for an evaluation or a reaction, applies the plan
/// (<see cref="ApplyAsync"/>). Nothing outside temporary tables is written before that.
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
        var (events, detect) = await KindAsync(rule, asOf, run, zone, cancellationToken);

        if (events is not null)
        {
            await ExecuteAsync(events, cancellationToken);
        }

        await ExecuteAsync(events is null ? AlertSql.Scope : AlertSql.EventScope, cancellationToken);
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

    /// <summary>
    /// Applies the plan (AlertSql.Apply) at <paramref name="now"/>: opens, updates and auto-resolves
    /// alerts with their history and events (<c>alert.opened</c> carrying <paramref name="actions"/>,
    /// the rule's actionsOnOpen as stored JSON); returns what it did, and what the plan suppressed.
    /// </summary>
    public async Task<AlertApplied> ApplyAsync(DateTimeOffset now, Guid? evaluation, string actions, string openedNote, string resolvedNote, CancellationToken cancellationToken)
    {
        Add("now", NpgsqlDbType.TimestampTz, now);
        Add("evaluation", NpgsqlDbType.Uuid, evaluation);
        Add("lock", NpgsqlDbType.Bigint, EventLog.AppendLockKey);
        Add("actions", NpgsqlDbType.Jsonb, actions);
        Add("opened_note", NpgsqlDbType.Text, openedNote);
        Add("resolved_note", NpgsqlDbType.Text, resolvedNote);
        foreach (var statement in AlertSql.Apply)
        {
            await ExecuteAsync(statement, cancellationToken);
        }

        await using var command = Command(
            """
            SELECT count(*) FILTER (WHERE change = 'opened'), count(*) FILTER (WHERE change = 'updated'), count(*) FILTER (WHERE change = 'auto-resolved'),
                   (SELECT count(*) FROM alert_plan WHERE action = 'suppressed')
            FROM alert_changes
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new AlertApplied((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
    }

    private async Task<(string? Events, string Detect)> KindAsync(AlertRuleSettings rule, DateTimeOffset asOf, (Guid Id, DateTimeOffset AsOf)? run, string zone, CancellationToken cancellationToken)
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
                return (null, AlertSql.FrequencyDrop);
            }

            case AlertKind.SpendDrift:
                Add("period_days", NpgsqlDbType.Integer, rule.WholeNumber("periodDays"));
                Add("period_seconds", NpgsqlDbType.Bigint, rule.WholeNumber("periodDays") * 86_400L);
                Add("baseline", NpgsqlDbType.Integer, rule.WholeNumber("baselinePeriods"));
                Add("min_periods", NpgsqlDbType.Integer, rule.WholeNumber("minPeriods"));
                Add("threshold", NpgsqlDbType.Numeric, rule.Fraction("threshold"));
                Add("direction", NpgsqlDbType.Text, rule.Text("direction"));
                return (null, AlertSql.SpendDrift);
            case AlertKind.PAliveLow:
            {
                var model = await ModelAsync(asOf, zone, cancellationToken);
                var asOfDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(asOf, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
                var stale = model is { } m && m.CalibrationEnd < asOfDate.AddDays(-rule.WholeNumber("maxModelAgeDays"));
                Add("model", NpgsqlDbType.Uuid, model?.Id);
                Add("stale", NpgsqlDbType.Boolean, stale);
                Add("calibration_end", NpgsqlDbType.Text, model?.CalibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Add("threshold", NpgsqlDbType.Numeric, rule.Fraction("threshold"));
                return (null, AlertSql.PAliveLow);
            }

            case AlertKind.Overdue:
                Add("min_orders", NpgsqlDbType.Integer, rule.WholeNumber("minOrders"));
                Add("factor", NpgsqlDbType.Numeric, rule.Fraction("factor"));
                return (null, AlertSql.Overdue);
            case AlertKind.SegmentEntered:
            {
                var previous = run is { } r ? await PreviousRunAsync(r.Id, cancellationToken) : null;
                Add("watch", NpgsqlDbType.Array | NpgsqlDbType.Text, rule.Segments("segments").ToArray());
                Add("previous_run", NpgsqlDbType.Uuid, previous);
                Add("run_as_of", NpgsqlDbType.Text, run is { } shown ? ApiJson.FormatTimestamp(shown.AsOf) : null);
                return (null, AlertSql.SegmentEntered);
            }

            case AlertKind.NpsDetractor:
                Add("max_score", NpgsqlDbType.Integer, rule.WholeNumber("maxScore"));
                Add("reason_format", NpgsqlDbType.Text, EventAlertTexts.NpsReason);
                Add("title_format", NpgsqlDbType.Text, EventAlertTexts.NpsTitle);
                return (AlertSql.NpsResponses, AlertSql.NpsDetractor);
            case AlertKind.SlaBreach:
                Add("reason_format", NpgsqlDbType.Text, EventAlertTexts.SlaReason);
                Add("title_format", NpgsqlDbType.Text, EventAlertTexts.SlaTitle);
                return (AlertSql.SlaBreaches, AlertSql.SlaBreach);
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
