using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.FollowUps;
using CustomerRetention.Application.Surveys.Contracts;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.FollowUps;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Infrastructure.FollowUps;

/// <summary>
/// Runs follow-up jobs (SPEC §9.2) in one transaction, set-based in PostgreSQL
/// (<see cref="FollowUpSql"/>): per enabled cadence policy the customers' next due dates, then
/// the birthday and post-purchase reminders, then the counts and, last, the <c>task.*</c> events.
/// Running it twice, or on two instances at once, creates nothing twice: every task has a dedupe
/// key with one open task per key (a partial unique index, <c>ON CONFLICT DO NOTHING</c>), and
/// every automated survey send a dedupe key with one send per key, ever. Survey sends are made by
/// the Surveys module (<see cref="IAutomatedSurveySends"/>) in the run's transaction.
/// </summary>
public sealed partial class FollowUpEngine(IDeploymentCalendar calendar, IAutomatedSurveySends surveys, ILogger<FollowUpEngine> logger) : IJobEngine
{
    /// <inheritdoc />
    public static JobDescription Description { get; } =
        new("follow_up_runs", "Follow-up run", "FollowUps", "CustomerRetention.Infrastructure.FollowUps.FollowUpWorker", "run", "tasks");

    /// <inheritdoc />
    public static IDomainEvent Failed(Guid id, string reason, DateTimeOffset occurredAt) => new FollowUpRunFailed(id, reason, occurredAt);

    /// <inheritdoc />
    public string? DescribeFailure(Exception exception) => null;

    /// <summary>Evaluates every enabled policy for the run's asOf and stores tasks, counts and events (the kit records a failure).</summary>
    public async Task ExecuteAsync(JobContext job, CancellationToken cancellationToken)
    {
        var (asOf, zone) = await ReadRunAsync(job, cancellationToken);
        var run = new RunScope(job, asOf, zone, calendar.Today, job.Now);
        await run.ExecuteAsync(FollowUpSql.CreateEvents, cancellationToken);

        var cadence = new List<CadenceRunCounts>();
        foreach (var (id, name, revision) in await EnabledCadencePoliciesAsync(job, cancellationToken))
        {
            cadence.Add(await CadenceAsync(run, id, name, revision, cancellationToken));
        }

        var birthday = await BirthdayAsync(run, cancellationToken);
        job.ReportProgress(0.7);
        var postPurchase = await PostPurchaseAsync(run, job, cancellationToken);
        job.ReportProgress(0.9);

        var results = JsonSerializer.Serialize(new FollowUpRunResults(cadence, birthday, postPurchase), ApiJson.Options);
        await using (var succeed = job.Command(
            "UPDATE follow_up_runs SET status = 'succeeded', finished_at = clock_timestamp(), results = @results::jsonb WHERE id = @id"))
        {
            succeed.Parameters.AddWithValue("id", job.Id);
            succeed.Parameters.AddWithValue("results", results);
            await succeed.ExecuteNonQueryAsync(cancellationToken);
        }

        job.Raise(new FollowUpRunSucceeded(job.Id, results, job.Now));
        await using (var append = run.Command($"{AppendLock}; {FollowUpSql.AppendEvents}"))
        {
            append.Parameters.AddWithValue("lock", EventLog.AppendLockKey);
            await append.ExecuteNonQueryAsync(cancellationToken);
        }

        LogSucceeded(logger, job.Id, asOf, cadence.Sum(c => c.Created) + birthday.Created + postPurchase.Created, postPurchase.SurveysSent + postPurchase.SurveysThrottled);
    }

    private const string AppendLock = "SELECT pg_advisory_xact_lock(@lock)";

    private static async Task<(DateOnly AsOf, string Zone)> ReadRunAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var read = job.Command("SELECT as_of, time_zone FROM follow_up_runs WHERE id = @id");
        read.Parameters.AddWithValue("id", job.Id);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetFieldValue<DateOnly>(0), reader.GetString(1))
            : throw new InvalidOperationException($"Follow-up run {job.Id} does not exist.");
    }

    private static async Task<List<(Guid Id, string Name, int Revision)>> EnabledCadencePoliciesAsync(JobContext job, CancellationToken cancellationToken)
    {
        var policies = new List<(Guid, string, int)>();
        await using var read = job.Command("SELECT id, name, revision FROM cadence_policies WHERE enabled ORDER BY created_at, id");
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            policies.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return policies;
    }

    private static async Task<CadenceRunCounts> CadenceAsync(RunScope run, Guid policy, string name, int revision, CancellationToken cancellationToken)
    {
        void With(NpgsqlCommand command) => command.Parameters.AddWithValue("policy", policy);
        await run.ExecuteAsync(FollowUpSql.CadenceDesired, cancellationToken, With);
        var inScope = await run.ScalarAsync(FollowUpSql.CountDesired, cancellationToken);
        var cancelled = await run.CountingAsync(FollowUpSql.CadenceCancel, TaskCancelled.EventType, With, cancellationToken);
        var redated = await run.CountingAsync(FollowUpSql.CadenceRedate, TaskUpdated.EventType, With, cancellationToken);
        var created = await run.CountingAsync(FollowUpSql.CadenceInsert, TaskCreated.EventType, With, cancellationToken);
        await run.ExecuteAsync(FollowUpSql.DropDesired, cancellationToken);
        return new CadenceRunCounts(policy, name, revision, inScope, created, redated, cancelled);
    }

    private static async Task<ReminderRunCounts> BirthdayAsync(RunScope run, CancellationToken cancellationToken)
    {
        var (enabled, revision, json) = await ReminderAsync(run, ReminderKind.Birthday, "birthday", cancellationToken);
        if (!enabled)
        {
            return new ReminderRunCounts(false, revision, 0, 0);
        }

        var settings = JsonSerializer.Deserialize<BirthdaySettings>(json, ApiJson.Options)!;
        var created = await run.CountingAsync(FollowUpSql.BirthdayInsert, TaskCreated.EventType, command =>
        {
            command.Parameters.AddWithValue("revision", revision);
            command.Parameters.AddWithValue("lead_days", settings.LeadDays);
            command.Parameters.AddWithValue("task_type", FollowUpNames.Of(settings.TaskType));
            command.Parameters.AddWithValue("feb29", FollowUpNames.Of(settings.Feb29));
        }, cancellationToken);
        return new ReminderRunCounts(true, revision, created, 0);
    }

    /// <summary>
    /// The post-purchase policy: open tasks of orders now cancelled or refunded are cancelled (whatever
    /// the action, tasks of an earlier task policy included), then the due orders without a reminder
    /// yet get a task or — through the Surveys contract, in this transaction — a survey send each.
    /// </summary>
    private async Task<PostPurchaseRunCounts> PostPurchaseAsync(RunScope run, JobContext job, CancellationToken cancellationToken)
    {
        var (enabled, revision, json) = await ReminderAsync(run, ReminderKind.PostPurchase, "post_purchase", cancellationToken);
        if (!enabled)
        {
            return new PostPurchaseRunCounts(false, revision, null, 0, 0, 0, 0, null);
        }

        var settings = JsonSerializer.Deserialize<PostPurchaseSettings>(json, ApiJson.Options)!;
        var skipped = settings.SkipIf
            .Select(s => s switch { PostPurchaseSkip.OrderCancelled => "cancelled", PostPurchaseSkip.OrderRefunded => "refunded", _ => null })
            .OfType<string>()
            .ToArray();
        var survey = settings.Action == PostPurchaseAction.SurveySend;

        // Orders whose local date + delay can fall in [asOf − 7, asOf + 7], with a day's slack for any zone.
        var from = run.StartOf(run.AsOf.AddDays(-FollowUpLimits.HorizonDays - settings.DelayDays - 1));
        var to = run.StartOf(run.AsOf.AddDays(FollowUpLimits.HorizonDays - settings.DelayDays + 2));
        void With(NpgsqlCommand command)
        {
            command.Parameters.AddWithValue("revision", revision);
            command.Parameters.AddWithValue("delay_days", settings.DelayDays);
            command.Parameters.AddWithValue("task_type", FollowUpNames.Of(settings.TaskType));
            command.Parameters.AddWithValue("skip_statuses", skipped);
            command.Parameters.AddWithValue("skip_open_case", settings.SkipIf.Contains(PostPurchaseSkip.OpenCase));
            command.Parameters.AddWithValue("orders_from", from);
            command.Parameters.AddWithValue("orders_to", to);
            command.Parameters.AddWithValue("due_until", run.AsOf.AddDays(survey ? 0 : FollowUpLimits.HorizonDays));
        }

        var cancelled = await run.CountingAsync(FollowUpSql.PostPurchaseCancel, TaskCancelled.EventType, With, cancellationToken);
        await run.ExecuteAsync(FollowUpSql.PostPurchaseDue, cancellationToken, With);
        var reasons = await run.CountsAsync(FollowUpSql.PostPurchaseSkips, cancellationToken);
        long created = 0, sent = 0, throttled = 0, unavailable = 0;
        if (!survey)
        {
            created = await run.CountingAsync(FollowUpSql.PostPurchaseInsert, TaskCreated.EventType, With, cancellationToken);
        }
        else
        {
            await run.ExecuteAsync(AutomatedSendBatch.Create, cancellationToken);
            await run.ExecuteAsync(FollowUpSql.PostPurchaseSurveyBatch, cancellationToken);
            var counts = await surveys.SendAsync(job.Connection, settings.SurveyId!.Value, FollowUpNames.Of(settings.Channel ?? PostPurchaseChannel.Email), run.Now, cancellationToken);
            (sent, throttled) = (counts.Sent, counts.Throttled);
            unavailable = counts.SurveyActive ? 0 : reasons.GetValueOrDefault(string.Empty);
            await run.ExecuteAsync(AutomatedSendBatch.Drop, cancellationToken);
        }

        await run.ExecuteAsync(FollowUpSql.DropPostPurchase, cancellationToken);
        var skips = new PostPurchaseSkipCounts(
            reasons.GetValueOrDefault("order-cancelled"), reasons.GetValueOrDefault("order-refunded"), reasons.GetValueOrDefault("open-case"), unavailable);
        return new PostPurchaseRunCounts(true, revision, settings.Action, created, cancelled, sent, throttled, skips);
    }

    private static async Task<(bool Enabled, int Revision, string Settings)> ReminderAsync(RunScope run, ReminderKind kind, string column, CancellationToken cancellationToken)
    {
        await using var read = run.Command($"SELECT enabled, revision, {column}::text FROM reminder_policies WHERE kind = @kind");
        read.Parameters.AddWithValue("kind", FollowUpNames.Of(kind));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(2)
            ? (reader.GetBoolean(0), reader.GetInt32(1), reader.GetString(2))
            : (false, 0, "{}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up run {RunId} for {AsOf} succeeded: {Created} tasks created, {Sends} survey sends recorded")]
    private static partial void LogSucceeded(ILogger logger, Guid runId, DateOnly asOf, long created, long sends);

    /// <summary>The run's statements with its common parameters (@as_of, @as_of_end, @zone, @today, @now).</summary>
    private sealed class RunScope(JobContext job, DateOnly asOf, string zone, DateOnly today, DateTimeOffset now)
    {
        private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(zone);

        public DateOnly AsOf => asOf;

        /// <summary>The run's time (<c>@now</c>).</summary>
        public DateTimeOffset Now => now;

        /// <summary>The instant a local date starts in the run's zone (the one it was queued with).</summary>
        public DateTimeOffset StartOf(DateOnly date) => DeploymentCalendar.StartOf(_zone, date);

        public NpgsqlCommand Command(string sql)
        {
            var command = job.Command(sql);
            command.Parameters.AddWithValue("as_of", asOf);
            command.Parameters.AddWithValue("zone", zone);
            command.Parameters.AddWithValue("today", today);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("as_of_end", StartOf(asOf.AddDays(1)));
            return command;
        }

        public async Task ExecuteAsync(string sql, CancellationToken cancellationToken, Action<NpgsqlCommand>? with = null)
        {
            await using var command = Command(sql);
            with?.Invoke(command);

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
        {
            await using var command = Command(sql);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The rows (key, count) of a two-column statement, a null key read as the empty string.</summary>
        public async Task<Dictionary<string, long>> CountsAsync(string sql, CancellationToken cancellationToken)
        {
            await using var command = Command(sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.IsDBNull(0) ? string.Empty : reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }

        /// <summary>Runs a statement that writes event rows, and counts those of <paramref name="type"/> it wrote.</summary>
        public async Task<long> CountingAsync(string sql, string type, Action<NpgsqlCommand> with, CancellationToken cancellationToken)
        {
            var before = await ScalarAsync(FollowUpSql.LastEvent, cancellationToken);
            await ExecuteAsync(sql, cancellationToken, with);
            await using var count = Command(FollowUpSql.CountEvents);
            count.Parameters.AddWithValue("type", type);
            count.Parameters.AddWithValue("after", before);
            return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
