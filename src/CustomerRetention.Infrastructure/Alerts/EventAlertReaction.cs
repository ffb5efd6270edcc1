using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>How long a statement of the event kinds' reaction may run (the alert job's <c>Jobs:Alerts:CommandTimeoutSeconds</c>).</summary>
internal sealed record EventAlertOptions(int CommandTimeoutSeconds);

/// <summary>
/// The event kinds of SPEC §9.1 (ADR 31): <c>nps-detractor</c> reacts to
/// <c>survey.response-received</c>, <c>sla-breach</c> to <c>sla.breached</c>. One reaction for both
/// (consumer <c>event-alerts</c>, <see cref="EventCursor"/>) reads the next batch of the log and, in
/// one transaction, runs every enabled live rule of a kind whose event the batch holds through the
/// same detection as an evaluation (<see cref="AlertDetection"/>: the rule's scope, the plan with
/// its cool-down, the alerts, their history and events, <c>alert.opened</c> with the rule's
/// actionsOnOpen), set-based over the batch's events, then moves the cursor. The cursor, claimed
/// <c>FOR UPDATE SKIP LOCKED</c> and moved with the effects, lets a batch be reacted to once
/// however many instances run; the partial unique index of active alerts does the rest. A
/// response's and a breach's commits happen in requests and jobs the alerts module does not see,
/// so it reads the outbox in the background (ARCHITECTURE §2b) rather than inline.
/// </summary>
internal sealed partial class EventAlertReaction(
    AppDbContext db, IDeploymentCalendar calendar, TimeProvider clock, EventAlertOptions options, ILogger<EventAlertReaction> logger) : IEventReaction
{
    public const string Consumer = "event-alerts";
    private const int Batch = 500;

    /// <summary>The event each event kind reacts to.</summary>
    public static IReadOnlyDictionary<AlertKind, string> Triggers { get; } = new Dictionary<AlertKind, string>
    {
        [AlertKind.NpsDetractor] = "survey.response-received",
        [AlertKind.SlaBreach] = "sla.breached",
    };

    private static readonly string RulesReacting =
        $"""
        SELECT {AlertRuleRows.Columns}, t.type
        FROM alert_rules r
        JOIN (VALUES {string.Join(", ", Triggers.Select(t => $"('{Application.BuildingBlocks.Json.ApiJson.EnumValue(t.Key)}', '{t.Value}')"))}) AS t(kind, type) ON t.kind = r.kind
        WHERE r.enabled AND r.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM events e WHERE e.position > @position AND e.position <= @head AND e.type = t.type)
        ORDER BY r.created_at, r.id
        """;

    /// <summary>Reacts to the next batch of events; returns how many alerts it opened or detected again.</summary>
    public async Task<int> ReactAsync(CancellationToken cancellationToken)
    {
        await using var cursor = await EventCursor.ClaimAsync(db, Consumer, cancellationToken);
        if (cursor is null || await cursor.HeadAsync(Batch, cancellationToken) is not long head)
        {
            return 0; // another instance is reacting, or nothing new
        }

        var rules = new List<(Application.Alerts.AlertRuleSettings Rule, string Actions, string Trigger)>();
        await using (var read = cursor.Command(RulesReacting))
        {
            read.Parameters.AddWithValue("head", head);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (rule, actions) = AlertRuleRows.Read(reader);
                rules.Add((rule, actions, reader.GetString(reader.FieldCount - 1)));
            }
        }

        var now = clock.GetUtcNow();
        var changed = 0;
        foreach (var (rule, actions, trigger) in rules)
        {
            var detection = new AlertDetection(cursor.Connection, cursor.Transaction, options.CommandTimeoutSeconds);
            detection.Add("position", NpgsqlDbType.Bigint, cursor.Position);
            detection.Add("head", NpgsqlDbType.Bigint, head);
            await detection.PrepareAsync(rule, now, null, calendar.ZoneId, cancellationToken);
            var applied = await detection.ApplyAsync(now, null, actions, $"Opened by the reaction to {trigger}.", "The condition no longer holds.", cancellationToken);
            await detection.ExecuteAsync(AlertSql.Discard, cancellationToken);
            changed += applied.Opened + applied.Updated;
            if (applied.Opened + applied.Updated + applied.Suppressed > 0)
            {
                LogReacted(logger, rule.RuleId!.Value, applied.Opened, applied.Updated, applied.Suppressed, head);
            }
        }

        await cursor.AdvanceAndCommitAsync(head, cancellationToken);
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert rule {Rule} reacted to events up to position {Head}: {Opened} opened, {Updated} updated, {Suppressed} suppressed")]
    private static partial void LogReacted(ILogger logger, Guid rule, int opened, int updated, int suppressed, long head);
}
