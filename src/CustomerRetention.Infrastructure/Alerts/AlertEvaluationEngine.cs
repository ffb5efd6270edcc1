using System.Text.Json;
using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.Extensions.Logging;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>
/// Runs alert evaluations (SPEC §9.1) set-based inside PostgreSQL: the detection of the rule's
/// kind over every customer in scope, then one statement each to open, update and auto-resolve
/// alerts, their history and their events, all in the job's transaction. Evaluations of one rule
/// are serialised by an advisory lock; a second instance or a retry of the same (rule version,
/// asOf) finds the evaluation already there (a partial unique index), and the partial unique index
/// of active alerts keeps a concurrent opener from creating a second alert for a key.
/// </summary>
public sealed partial class AlertEvaluationEngine(IDeploymentCalendar calendar, ILogger<AlertEvaluationEngine> logger) : IJobEngine
{
    /// <inheritdoc />
    public static JobDescription Description { get; } =
        new("alert_evaluations", "alert evaluation", "Alerts", "CustomerRetention.Infrastructure.Alerts.AlertEvaluationWorker", "evaluation", "alerts");

    /// <inheritdoc />
    public static IDomainEvent Failed(Guid id, string reason, DateTimeOffset occurredAt) => new AlertEvaluationFailed(id, reason, occurredAt);

    /// <inheritdoc />
    public string? DescribeFailure(Exception exception) => exception is AlertEvaluationException e ? e.Message : null;

    /// <summary>Evaluates the claimed job's rule at its asOf and applies the plan.</summary>
    public async Task ExecuteAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (ruleId, version, asOf, rfmRun) = await ReadJobAsync(job, cancellationToken);
        await job.ExecuteAsync($"SET LOCAL work_mem = '{job.Options.WorkMemMegabytes}MB'", cancellationToken);
        await using (var lockRule = job.Command("SELECT pg_advisory_xact_lock(hashtextextended('alert-rule:' || @rule::text, 0))"))
        {
            lockRule.Parameters.AddWithValue("rule", ruleId);
            await lockRule.ExecuteNonQueryAsync(cancellationToken);
        }

        var (rule, actions) = await ReadRuleAsync(job, ruleId, version, cancellationToken);
        var detection = new AlertDetection(job.Connection, null, job.Options.CommandTimeoutSeconds);
        await detection.PrepareAsync(rule, asOf, rfmRun, calendar.ZoneId, cancellationToken);
        job.ReportProgress(0.6);
        var planned = await detection.FiguresAsync(cancellationToken);

        var applied = await detection.ApplyAsync(
            job.Now,
            job.Id,
            actions,
            $"Opened by evaluation {job.Id} at {ApiJson.FormatTimestamp(asOf)}.",
            $"The condition no longer holds at {ApiJson.FormatTimestamp(asOf)} (evaluation {job.Id}).",
            cancellationToken);

        // A concurrent opener's alert is not counted twice: the figures say what this evaluation did.
        var figures = planned with { Fired = applied.Opened, Updated = applied.Updated, AutoResolved = applied.AutoResolved };
        var json = JsonSerializer.Serialize(figures, ApiJson.Options);
        await using (var finish = job.Command("UPDATE alert_evaluations SET status = 'succeeded', finished_at = clock_timestamp(), figures = @figures, error = NULL WHERE id = @id"))
        {
            finish.Parameters.AddWithValue("id", job.Id);
            finish.Parameters.AddWithValue("figures", json);
            await finish.ExecuteNonQueryAsync(cancellationToken);
        }

        job.Raise(new AlertEvaluationSucceeded(job.Id, ruleId, json, job.Now));
        LogSucceeded(logger, job.Id, ruleId, figures.Evaluated, figures.Fired, figures.Updated, figures.Suppressed, figures.AutoResolved, watch.ElapsedMilliseconds);
    }

    private static async Task<(Guid Rule, int Version, DateTimeOffset AsOf, Guid? RfmRun)> ReadJobAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var read = job.Command("SELECT rule_id, rule_version, as_of, rfm_run_id FROM alert_evaluations WHERE id = @id");
        read.Parameters.AddWithValue("id", job.Id);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Evaluation {job.Id} does not exist.");
        }

        return (reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetGuid(3));
    }

    /// <summary>The rule as of the evaluation (it must still be live and at the version the evaluation was queued for) and its actionsOnOpen, stored JSON.</summary>
    private static async Task<(AlertRuleSettings Rule, string Actions)> ReadRuleAsync(JobContext job, Guid ruleId, int version, CancellationToken cancellationToken)
    {
        await using var read = job.Command($"SELECT {AlertRuleRows.Columns} FROM alert_rules r WHERE r.id = @id");
        read.Parameters.AddWithValue("id", ruleId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || AlertRuleRows.Deleted(reader))
        {
            throw new AlertEvaluationException("The rule was deleted before its evaluation ran.");
        }

        if (AlertRuleRows.Version(reader) != version)
        {
            throw new AlertEvaluationException($"The rule changed (version {version} → {AlertRuleRows.Version(reader)}) before its evaluation ran: evaluate the new version.");
        }

        return AlertRuleRows.Read(reader);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert evaluation {Evaluation} of rule {Rule} succeeded: {Evaluated} evaluated, {Fired} opened, {Updated} updated, {Suppressed} suppressed, {AutoResolved} auto-resolved in {Milliseconds} ms")]
    private static partial void LogSucceeded(ILogger logger, Guid evaluation, Guid rule, int evaluated, int fired, int updated, int suppressed, int autoResolved, long milliseconds);
}
