using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>
/// The statements of an alert evaluation (SPEC §9.1, ADR 25), all set-based over the customers in
/// the rule's scope: <see cref="Scope"/> (who is looked at, as of asOf), one detection statement
/// per kind into <c>alert_results</c> (per customer: not evaluable and why, whether the condition
/// fires, whether it holds, score, severity, evidence, reason, title), <see cref="Plan"/> (what
/// each firing customer means: a new alert, an update of the active one, or suppressed by a
/// cool-down), and, for a real evaluation only, the statements that apply the plan and append
/// their history and events. Only the code's own constants, never input.
/// </summary>
internal static class AlertSql
{
    /// <summary>A local date (in the deployment's zone) as text.</summary>
    private static string LocalDate(string expression) => $"to_char(({expression}) AT TIME ZONE @zone, 'YYYY-MM-DD')";

    /// <summary>A fraction as a percentage for a sentence: 0.3 → 30, 0.305 → 30.5.</summary>
    private static string Percent(string expression) => $"trim_scale(round(({expression}) * 100, 1))::text";

    /// <summary>A severity's rank, so that severities compare.</summary>
    public static string Rank(string expression) => $"array_position(ARRAY['low', 'medium', 'high', 'critical']::text[], ({expression})::text)";

    private const string Active = "('open', 'acknowledged', 'snoozed')";

    /// <summary>
    /// The customers in scope at @as_of: live, in one of @stages as of then (the current stage when
    /// it was entered by then, else the stage of the latest transition at or before asOf, else,
    /// for a customer recorded after asOf, the first stage it was recorded in), in one of @segments
    /// of RFM run @rfm_run, with one of @tags; an empty list admits everyone.
    /// </summary>
    public static readonly string Scope = ScopeOf(null);

    /// <summary>The scope of an event kind: only the customers of the events reacted to (<c>alert_events</c>) are looked at.</summary>
    public static readonly string EventScope = ScopeOf("SELECT customer_id FROM alert_events");

    private static string ScopeOf(string? candidates) =>
        $"""
        CREATE TEMP TABLE alert_scope ON COMMIT DROP AS
        SELECT c.id AS customer_id, c.owner_id, g.key AS segment
        FROM customers c
        LEFT JOIN rfm_results r ON r.run_id = @rfm_run AND r.customer_id = c.id
        LEFT JOIN rfm_segments g ON g.id = r.segment_id
        WHERE c.archived_at IS NULL{(candidates is null ? string.Empty : $" AND c.id IN ({candidates})")}
          AND (cardinality(@stages) = 0
               OR coalesce(CASE WHEN c.stage_entered_at <= @as_of THEN c.lifecycle_stage END,
                           (SELECT t.to_stage FROM stage_transitions t
                            WHERE t.customer_id = c.id AND t.occurred_at <= @as_of
                            ORDER BY t.occurred_at DESC, t.id DESC LIMIT 1),
                           (SELECT t.to_stage FROM stage_transitions t WHERE t.customer_id = c.id
                            ORDER BY t.occurred_at, t.id LIMIT 1)) = ANY(@stages))
          AND (cardinality(@segments) = 0 OR g.key = ANY(@segments))
          AND (cardinality(@tags) = 0 OR c.tag_keys && @tags);
        ANALYZE alert_scope;
        """;

    private const string Results = "CREATE TEMP TABLE alert_results ON COMMIT DROP AS";

    /// <summary>What a window detection's row is about: its customer, detected at @as_of, once, caused by no event.</summary>
    private const string WindowSubject = "customer_id::text AS subject, @as_of::timestamptz AS detected_at, 1 AS hits, NULL::jsonb AS origin";

    /// <summary>
    /// The columns every detection selects, in order, from a row set <c>y</c> with <c>not_evaluable</c>,
    /// <c>fires</c>, <c>holds</c>, <c>score</c> and <c>raise</c> (or its own <paramref name="severity"/>),
    /// and what the row is about (<paramref name="subject"/>: the dedupe key after the rule, when it was
    /// detected, how many times in this detection, the event that caused it).
    /// </summary>
    private static string Columns(string evidence, string reason, string title, string subject = WindowSubject, string severity = "CASE WHEN raise THEN @raised ELSE @base END") =>
        $"""
        SELECT customer_id, segment, not_evaluable, coalesce(fires, false) AS fires, coalesce(holds, false) AS holds,
               trim_scale(round(score, 6)) AS score,
               {severity} AS severity,
               CASE WHEN fires THEN {evidence} END AS evidence,
               CASE WHEN fires THEN {reason} END AS reason,
               CASE WHEN fires THEN {title} END AS title,
               {subject}
        FROM y;
        """;

    /// <summary>
    /// frequency-drop: prev = completed orders in (@prev_from, @prev_to], curr = in (@prev_to,
    /// @as_of]; not evaluable below @min_previous; drop = (prev − curr) / prev ≥ @threshold.
    /// </summary>
    public static readonly string FrequencyDrop =
        $"""
        {Results}
        WITH counts AS (
            SELECT o.customer_id, count(*) FILTER (WHERE o.ordered_at <= @prev_to) AS prev, count(*) FILTER (WHERE o.ordered_at > @prev_to) AS curr
            FROM orders o
            WHERE o.status = 'completed' AND o.ordered_at > @prev_from AND o.ordered_at <= @as_of
            GROUP BY o.customer_id),
        x AS (
            SELECT s.customer_id, s.segment, coalesce(n.prev, 0) AS prev, coalesce(n.curr, 0) AS curr
            FROM alert_scope s LEFT JOIN counts n ON n.customer_id = s.customer_id),
        d AS (SELECT x.*, CASE WHEN prev >= @min_previous THEN (prev - curr)::numeric / prev END AS drop FROM x),
        y AS (
            SELECT d.*, CASE WHEN drop IS NULL THEN 'too-few-previous-orders' END AS not_evaluable,
                   drop >= @threshold AS fires, drop >= @threshold AS holds, drop AS score, drop >= @raise_at AS raise
            FROM d)
        {Columns(
            "jsonb_build_object('asOf', @as_of_text, 'params', @params::jsonb, 'rfmRunId', @rfm_run, 'previousWindow', jsonb_build_object('from', @prev_from_text, 'to', @prev_to_text, 'orders', prev), 'currentWindow', jsonb_build_object('from', @prev_to_text, 'to', @as_of_text, 'orders', curr), 'drop', trim_scale(drop), 'threshold', @threshold)",
            $"format('Orders fell from %s to %s (−%s %%) between the %s-day windows ending %s and %s; threshold %s %%.', prev, curr, {Percent("drop")}, @window_days, {LocalDate("@prev_to")}, {LocalDate("@as_of")}, {Percent("@threshold")})",
            $"format('Orders fell %s %%', {Percent("drop")})")}
        """;

    /// <summary>
    /// spend-drift: periods of @period_seconds end at @as_of (period k is (asOf − k·p, asOf − (k−1)·p]);
    /// n = the periods from the one holding the first completed order to the last; not evaluable
    /// when n &lt; @min_periods; K = min(@baseline, n − 1) baseline periods 2…K+1; drift = (current·K − total) / total
    /// (one exact division); not evaluable when the baseline total is 0.
    /// </summary>
    public static readonly string SpendDrift =
        $"""
        {Results}
        WITH first AS (
            SELECT o.customer_id, min(o.ordered_at) AS first_at FROM orders o
            WHERE o.status = 'completed' AND o.ordered_at <= @as_of GROUP BY o.customer_id),
        per AS (
            SELECT o.customer_id, (floor(extract(epoch FROM (@as_of - o.ordered_at)) / @period_seconds) + 1)::int AS k, sum(o.amount) AS spend
            FROM orders o
            WHERE o.status = 'completed' AND o.ordered_at > @as_of - make_interval(secs => @period_seconds::double precision * (@baseline + 1)) AND o.ordered_at <= @as_of
            GROUP BY 1, 2),
        b AS (
            SELECT s.customer_id, s.segment,
                   CASE WHEN f.first_at IS NULL THEN 0 ELSE (floor(extract(epoch FROM (@as_of - f.first_at)) / @period_seconds) + 1)::int END AS periods
            FROM alert_scope s LEFT JOIN first f ON f.customer_id = s.customer_id),
        sums AS (
            SELECT b.customer_id, b.segment, b.periods, greatest(least(@baseline, b.periods - 1), 0) AS k,
                   coalesce(sum(p.spend) FILTER (WHERE p.k = 1), 0) AS current_spend,
                   coalesce(sum(p.spend) FILTER (WHERE p.k BETWEEN 2 AND least(@baseline, b.periods - 1) + 1), 0) AS total
            FROM b LEFT JOIN per p ON p.customer_id = b.customer_id
            GROUP BY b.customer_id, b.segment, b.periods),
        d AS (
            SELECT sums.*,
                   CASE WHEN periods < @min_periods OR k < 1 THEN 'too-few-periods' WHEN total = 0 THEN 'zero-baseline' END AS reason_code,
                   CASE WHEN periods >= @min_periods AND k >= 1 AND total > 0 THEN (current_spend * k - total) / total END AS drift
            FROM sums),
        y AS (
            SELECT d.*, reason_code AS not_evaluable,
                   CASE @direction WHEN 'down' THEN drift <= -@threshold WHEN 'up' THEN drift >= @threshold ELSE abs(drift) >= @threshold END AS fires,
                   CASE @direction WHEN 'down' THEN drift <= -@threshold WHEN 'up' THEN drift >= @threshold ELSE abs(drift) >= @threshold END AS holds,
                   drift AS score, abs(drift) >= @raise_at AS raise
            FROM d)
        {Columns(
            $"jsonb_build_object('asOf', @as_of_text, 'params', @params::jsonb, 'rfmRunId', @rfm_run, 'currentPeriod', jsonb_build_object('from', {SqlText.Timestamp("@as_of - make_interval(secs => @period_seconds::double precision)")}, 'to', @as_of_text, 'spend', current_spend), 'baseline', jsonb_build_object('from', {SqlText.Timestamp("@as_of - make_interval(secs => @period_seconds::double precision * (k + 1))")}, 'to', {SqlText.Timestamp("@as_of - make_interval(secs => @period_seconds::double precision)")}, 'periods', k, 'total', total, 'mean', trim_scale(round(total / k, 2))), 'periodsSinceFirstOrder', periods, 'drift', trim_scale(drift), 'threshold', @threshold, 'direction', @direction)",
            $"format('Spend %s from a mean of %s over the %s periods before to %s in the %s-day period ending %s (%s%s %%); threshold %s %%.', CASE WHEN drift < 0 THEN 'fell' ELSE 'rose' END, trim_scale(round(total / k, 2)), k, current_spend, @period_days, {LocalDate("@as_of")}, CASE WHEN drift < 0 THEN '−' ELSE '+' END, {Percent("abs(drift)")}, {Percent("@threshold")})",
            $"format('Spend %s %s %%', CASE WHEN drift < 0 THEN 'down' ELSE 'up' END, {Percent("abs(drift)")})")}
        """;

    /// <summary>
    /// p-alive-low: P(alive) of model @model &lt; @threshold (strict, compared as decimals); not
    /// evaluable without a model (@model null), with a stale one (@stale), or without a prediction.
    /// </summary>
    public static readonly string PAliveLow =
        $"""
        {Results}
        WITH d AS (
            SELECT s.customer_id, s.segment, p.p_alive::numeric AS p_alive,
                   CASE WHEN @model::uuid IS NULL THEN 'no-model' WHEN @stale THEN 'stale-model' WHEN p.customer_id IS NULL THEN 'no-prediction' END AS reason_code
            FROM alert_scope s LEFT JOIN clv_predictions p ON p.model_id = @model AND p.customer_id = s.customer_id),
        y AS (
            SELECT d.*, reason_code AS not_evaluable,
                   reason_code IS NULL AND p_alive < @threshold AS fires, reason_code IS NULL AND p_alive < @threshold AS holds,
                   p_alive AS score, segment = ANY(@raise_segments) AS raise
            FROM d)
        {Columns(
            "jsonb_build_object('asOf', @as_of_text, 'params', @params::jsonb, 'rfmRunId', @rfm_run, 'segment', segment, 'clvModelId', @model, 'calibrationEnd', @calibration_end, 'pAlive', trim_scale(round(p_alive, 6)), 'threshold', @threshold)",
            "format('P(alive) is %s in the CLV model calibrated to %s, below %s.', trim_scale(round(p_alive, 2)), @calibration_end, @threshold)",
            "format('P(alive) %s', trim_scale(round(p_alive, 2)))")}
        """;

    /// <summary>
    /// overdue: purchase days are the local dates (@zone) of completed orders at or before asOf;
    /// usual interval = median of the gaps between consecutive purchase days (<c>percentile_cont</c>:
    /// the mean of the two middle gaps for an even count); ratio = days since the last purchase
    /// day / usual interval ≥ @factor; not evaluable below @min_orders purchase days.
    /// </summary>
    public static readonly string Overdue =
        $"""
        {Results}
        WITH days AS (
            SELECT DISTINCT o.customer_id, (o.ordered_at AT TIME ZONE @zone)::date AS day
            FROM orders o JOIN alert_scope s ON s.customer_id = o.customer_id
            WHERE o.status = 'completed' AND o.ordered_at <= @as_of),
        gaps AS (SELECT customer_id, day, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap FROM days),
        agg AS (
            SELECT customer_id, count(*) AS purchase_days, max(day) AS last_day,
                   (percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) FILTER (WHERE gap IS NOT NULL))::numeric AS usual
            FROM gaps GROUP BY customer_id),
        d AS (
            SELECT s.customer_id, s.segment, coalesce(a.purchase_days, 0) AS purchase_days, a.last_day, a.usual,
                   (@as_of AT TIME ZONE @zone)::date - a.last_day AS days_since
            FROM alert_scope s LEFT JOIN agg a ON a.customer_id = s.customer_id),
        r AS (SELECT d.*, CASE WHEN purchase_days >= @min_orders THEN days_since::numeric / usual END AS ratio FROM d),
        y AS (
            SELECT r.*, CASE WHEN ratio IS NULL THEN 'too-few-purchase-days' END AS not_evaluable,
                   ratio >= @factor AS fires, ratio >= @factor AS holds, ratio AS score, ratio >= @raise_at AS raise
            FROM r)
        {Columns(
            "jsonb_build_object('asOf', @as_of_text, 'params', @params::jsonb, 'rfmRunId', @rfm_run, 'purchaseDays', purchase_days, 'lastPurchaseDay', to_char(last_day, 'YYYY-MM-DD'), 'daysSinceLastPurchase', days_since, 'usualIntervalDays', trim_scale(usual), 'ratio', trim_scale(round(ratio, 6)), 'factor', @factor)",
            "format('Last purchase %s days ago (%s), %s× the usual interval of %s days; threshold %s×.', days_since, to_char(last_day, 'YYYY-MM-DD'), trim_scale(round(ratio, 1)), trim_scale(usual), @factor)",
            "format('Overdue: %s× the usual interval', trim_scale(round(ratio, 1)))")}
        """;

    /// <summary>
    /// segment-entered: the customer's segment in run @rfm_run is in @watch and its segment in the
    /// previous succeeded run @previous_run is not (edge-triggered); it holds while the segment is
    /// in the set; not evaluable without a run or when the run did not score the customer.
    /// </summary>
    public static readonly string SegmentEntered =
        $"""
        {Results}
        WITH d AS (
            SELECT s.customer_id, s.segment, pg.key AS previous_segment,
                   CASE WHEN @rfm_run::uuid IS NULL THEN 'no-rfm-run' WHEN s.segment IS NULL THEN 'not-scored' END AS reason_code
            FROM alert_scope s
            LEFT JOIN rfm_results pr ON pr.run_id = @previous_run AND pr.customer_id = s.customer_id
            LEFT JOIN rfm_segments pg ON pg.id = pr.segment_id),
        y AS (
            SELECT d.*, reason_code AS not_evaluable,
                   reason_code IS NULL AND segment = ANY(@watch) AND (previous_segment IS NULL OR NOT previous_segment = ANY(@watch)) AS fires,
                   reason_code IS NULL AND segment = ANY(@watch) AS holds,
                   NULL::numeric AS score, segment = ANY(@raise_segments) AS raise
            FROM d)
        {Columns(
            "jsonb_build_object('asOf', @as_of_text, 'params', @params::jsonb, 'rfmRunId', @rfm_run, 'previousRfmRunId', @previous_run, 'segment', segment, 'previousSegment', previous_segment)",
            "format('Entered %s at the RFM run of %s%s.', segment, @run_as_of, CASE WHEN previous_segment IS NULL THEN CASE WHEN @previous_run::uuid IS NULL THEN ' (the first run)' ELSE ' (not scored at the previous run)' END ELSE format(' from %s', previous_segment) END)",
            "format('Entered %s', segment)")}
        """;

    /// <summary>
    /// The rows <c>y</c> of an event kind: every event of <c>alert_events</c> whose customer is in
    /// scope (with the scope's columns), firing and holding, with the kind's <paramref name="computed"/>
    /// columns (at least <c>score</c>), where <paramref name="where"/> holds.
    /// </summary>
    private static string EventRows(string computed, string where = "true") =>
        $"""
        WITH y AS (
            SELECT *, NULL::text AS not_evaluable, true AS fires, true AS holds, {computed}
            FROM alert_events v JOIN alert_scope s USING (customer_id)
            WHERE {where})
        """;

    /// <summary>The origin of what reacting to event <c>e</c> appends: that event, one level deeper in its chain.</summary>
    private const string Origin = "jsonb_build_object('eventId', e.id, 'depth', coalesce((e.origin ->> 'depth')::int, 0) + 1) AS origin";

    /// <summary>The events reacted to (after @position up to @head) of type <paramref name="type"/>, with their data as <c>d</c> and what <paramref name="joins"/> adds.</summary>
    private static string Reacted(string type, string joins = "") =>
        $"events e CROSS JOIN LATERAL (SELECT e.data AS d) x {joins} WHERE e.position > @position AND e.position <= @head AND e.type = '{type}'";

    /// <summary>
    /// nps-detractor, its events: the NPS responses received (<c>survey.response-received</c>, read
    /// from the event's public state) with a score ≤ @max_score, and the survey's name.
    /// </summary>
    public static readonly string NpsResponses =
        $"""
        CREATE TEMP TABLE alert_events ON COMMIT DROP AS
        SELECT e.id AS event_id, {Origin}, e.occurred_at, (d -> 'state' ->> 'id')::uuid AS response_id, (d -> 'state' ->> 'customerId')::uuid AS customer_id,
               (d -> 'state' ->> 'surveyId')::uuid AS survey_id, coalesce(v.name, d -> 'state' ->> 'surveyId') AS survey_name,
               (d -> 'state' ->> 'sendId')::uuid AS send_id, (d -> 'state' ->> 'score')::int AS nps_score, d -> 'state' ->> 'category' AS category,
               d -> 'state' -> 'comment' AS comment, d -> 'state' ->> 'channel' AS channel, d -> 'state' ->> 'respondedAt' AS responded_at,
               d -> 'state' ->> 'source' AS source, d -> 'state' -> 'snapshot' AS snapshot
        FROM {Reacted("survey.response-received", "LEFT JOIN surveys v ON v.id = (x.d -> 'state' ->> 'surveyId')::uuid")}
          AND d -> 'state' ->> 'surveyType' = 'nps' AND (d -> 'state' ->> 'score')::int <= @max_score;
        ANALYZE alert_events;
        """;

    /// <summary>
    /// nps-detractor: each detractor response of a customer in scope is its own alert (subject
    /// <c>response:&lt;id&gt;</c>), raised when the score ≤ raiseAt; a response that already has an
    /// alert of the rule (in any status) was reacted to and is not detected again.
    /// </summary>
    public static readonly string NpsDetractor =
        $"""
        {Results}
        {EventRows(
            "nps_score::numeric AS score, coalesce(nps_score <= @raise_at, false) AS raise",
            "NOT EXISTS (SELECT 1 FROM alerts a WHERE a.customer_id = v.customer_id AND a.dedupe_key = @key_prefix || 'response:' || v.response_id::text)")}
        {Columns(
            "jsonb_build_object('params', @params::jsonb, 'survey', jsonb_build_object('id', survey_id, 'name', survey_name), 'responseId', response_id, 'sendId', send_id, 'score', nps_score, 'maxScore', @max_score, 'category', category, 'comment', comment, 'channel', channel, 'source', source, 'respondedAt', responded_at, 'snapshot', snapshot, 'eventId', event_id)",
            "format(@reason_format, nps_score, @max_score, survey_name, responded_at)",
            $"left(format(@title_format, nps_score, survey_name), {Domain.Alerts.Alert.TitleMaxLength})",
            "'response:' || response_id::text AS subject, occurred_at AS detected_at, 1 AS hits, origin")}
        """;

    /// <summary>The severity of a case's priority, as EventAlertTexts.SlaSeverities says (unknown: medium).</summary>
    private static string SlaSeverity(string priority) =>
        $"CASE {priority} {string.Join(' ', Domain.Alerts.EventAlertTexts.SlaSeverities.Select(p => $"WHEN '{p.Key}' THEN '{ApiJson.EnumValue(p.Value)}'"))} ELSE 'medium' END";

    /// <summary>The words of a breached target, as EventAlertTexts.SlaTargets says (unknown: the metric).</summary>
    private static string SlaTarget(string metric, string instance) =>
        $"CASE {metric} {string.Join(' ', Domain.Alerts.EventAlertTexts.SlaTargets.Select(t => $"WHEN '{t.Key}' THEN format('{t.Value}', {instance})"))} ELSE {metric} END";

    /// <summary>
    /// sla-breach, its events: the <c>sla.breached</c> events, one row per case (the latest breach,
    /// with how many breaches of the case the batch holds and the highest severity among them).
    /// </summary>
    public static readonly string SlaBreaches =
        $"""
        CREATE TEMP TABLE alert_events ON COMMIT DROP AS
        WITH b AS (
            SELECT e.id AS event_id, {Origin}, e.position, e.occurred_at, coalesce((d ->> 'customerId')::uuid, e.customer_id) AS customer_id,
                   coalesce((d ->> 'caseId')::uuid, e.resource_id) AS case_id, d ->> 'caseNumber' AS case_number, d ->> 'priority' AS priority,
                   d ->> 'metric' AS metric, coalesce((d ->> 'instance')::int, 1) AS instance, d ->> 'startedAt' AS started_at,
                   d ->> 'dueAt' AS due_at, d ->> 'breachedAt' AS breached_at, d -> 'policyId' AS policy_id, d -> 'policyVersion' AS policy_version,
                   {SlaSeverity("d ->> 'priority'")} AS breach_severity
            FROM {Reacted("sla.breached")})
        SELECT DISTINCT ON (case_id) b.*, count(*) OVER w AS breaches,
               (ARRAY['low', 'medium', 'high', 'critical']::text[])[max({Rank("breach_severity")}) OVER w] AS top_severity
        FROM b WINDOW w AS (PARTITION BY case_id)
        ORDER BY case_id, position DESC;
        ANALYZE alert_events;
        """;

    /// <summary>
    /// sla-breach: a case of a customer in scope is one alert (subject <c>case:&lt;id&gt;</c>): a
    /// breach while it is active detects it again (occurrences + the breaches, severity raised,
    /// never lowered); the severity is the case priority's, the score none.
    /// </summary>
    public static readonly string SlaBreach =
        $"""
        {Results}
        {EventRows($"{SlaTarget("metric", "instance")} AS target, NULL::numeric AS score")}
        {Columns(
            "jsonb_build_object('caseId', case_id, 'caseNumber', case_number, 'priority', priority, 'metric', metric, 'instance', instance, 'startedAt', started_at, 'dueAt', due_at, 'breachedAt', breached_at, 'policyId', policy_id, 'policyVersion', policy_version, 'eventId', event_id)",
            "format(@reason_format, case_number, target, due_at, priority)",
            $"left(format(@title_format, target, case_number), {Domain.Alerts.Alert.TitleMaxLength})",
            "'case:' || case_id::text AS subject, occurred_at AS detected_at, breaches::int AS hits, origin",
            "top_severity")}
        """;

    /// <summary>
    /// What each firing row means for the rule's alerts: <c>update</c> when an alert of its key
    /// (@key_prefix and the row's subject) is active, <c>suppressed</c> when one of its key was
    /// resolved or dismissed less than @cooldown days before the detection and the new severity is
    /// not higher, else <c>new</c>.
    /// </summary>
    public static readonly string Plan =
        $"""
        ANALYZE alert_results;
        CREATE TEMP TABLE alert_plan ON COMMIT DROP AS
        SELECT r.customer_id, r.severity, r.score, r.evidence, r.reason, r.title, @key_prefix || r.subject AS dedupe_key,
               r.detected_at, r.hits, r.origin,
               a.id AS active_id, a.status AS active_status, a.severity AS active_severity, a.occurrences AS active_occurrences,
               a.last_detected_at AS active_last_detected_at, a.score AS active_score, a.rule_version AS active_rule_version,
               a.evidence AS active_evidence, a.reason AS active_reason, a.title AS active_title,
               CASE WHEN a.id IS NOT NULL THEN 'update'
                    WHEN cd.severity IS NOT NULL AND {Rank("r.severity")} <= {Rank("cd.severity")} THEN 'suppressed'
                    ELSE 'new' END AS action
        FROM alert_results r
        LEFT JOIN alerts a ON a.dedupe_key = @key_prefix || r.subject AND a.status IN {Active}
        LEFT JOIN LATERAL (
            SELECT c.severity FROM alerts c
            WHERE c.dedupe_key = @key_prefix || r.subject AND c.status IN ('resolved', 'dismissed')
              AND @cooldown > 0 AND c.closed_at + make_interval(hours => @cooldown * 24) > r.detected_at
            ORDER BY c.closed_at DESC LIMIT 1) cd ON a.id IS NULL
        WHERE r.fires;
        """;

    /// <summary>The active alerts of the rule whose condition an evaluable customer no longer meets (with @auto_resolve).</summary>
    public static readonly string AutoResolvable =
        $"""
        SELECT a.id, a.status FROM alerts a JOIN alert_results r ON r.customer_id = a.customer_id
        WHERE @auto_resolve AND a.rule_id = @rule AND a.status IN {Active} AND r.not_evaluable IS NULL AND NOT r.holds
        """;

    /// <summary>Drops a detection's temporary tables, so that the next rule of a reaction's transaction builds its own.</summary>
    public const string Discard = "DROP TABLE IF EXISTS alert_events, alert_scope, alert_results, alert_plan, alert_changes";

    /// <summary>The figures: evaluated, not evaluable by reason, and the plan's counts.</summary>
    public static readonly string Figures =
        $"""
        SELECT (SELECT count(*) FROM alert_results),
               (SELECT coalesce(jsonb_object_agg(not_evaluable, n), jsonb_build_object())::text
                FROM (SELECT not_evaluable, count(*) AS n FROM alert_results WHERE not_evaluable IS NOT NULL GROUP BY not_evaluable) t),
               (SELECT count(*) FROM alert_plan WHERE action = 'new'),
               (SELECT count(*) FROM alert_plan WHERE action = 'update'),
               (SELECT count(*) FROM alert_plan WHERE action = 'suppressed'),
               (SELECT count(*) FROM ({AutoResolvable}) x)
        """;

    /// <summary>A dry-run's alerts: those that would open, most severe and highest score first.</summary>
    public const string WouldOpen =
        """
        SELECT customer_id, severity, score, title, reason, evidence::text FROM alert_plan WHERE action = 'new'
        ORDER BY array_position(ARRAY['low', 'medium', 'high', 'critical']::text[], severity) DESC, abs(score) DESC NULLS LAST, customer_id
        LIMIT @limit
        """;

    /// <summary>
    /// Applies the plan: opens the new alerts (assigned to the customer's owner; a conflict with an
    /// alert another transaction opened does nothing), updates the re-detected ones (raising their
    /// severity, re-opening those whose snooze ended), auto-resolves, and records every change in
    /// <c>alert_changes</c> for the history and the events. Returns nothing; the counts are read after.
    /// </summary>
    public static readonly string[] Apply =
    [
        """
        CREATE TEMP TABLE alert_changes (
            alert_id uuid NOT NULL, change text NOT NULL, from_status text, to_status text, from_severity text, to_severity text,
            previous jsonb, origin jsonb, seq bigserial) ON COMMIT DROP
        """,
        $"""
        WITH opened AS (
            INSERT INTO alerts (id, rule_id, rule_version, kind, customer_id, dedupe_key, severity, status, title, reason, evidence, score,
                                first_detected_at, last_detected_at, occurrences, assignee_id, evaluation_id, created_at, updated_at)
            SELECT {SqlText.NewId}, @rule, @rule_version, @kind, p.customer_id, p.dedupe_key, p.severity, 'open', p.title, p.reason, p.evidence, p.score,
                   p.detected_at, p.detected_at, p.hits, s.owner_id, @evaluation, @now, @now
            FROM alert_plan p JOIN alert_scope s ON s.customer_id = p.customer_id
            WHERE p.action = 'new'
            ORDER BY p.customer_id, p.dedupe_key
            ON CONFLICT (dedupe_key) WHERE status IN {Active} DO NOTHING
            RETURNING id, severity, dedupe_key)
        INSERT INTO alert_changes (alert_id, change, to_status, to_severity, origin)
        SELECT o.id, 'opened', 'open', o.severity, p.origin FROM opened o JOIN alert_plan p ON p.dedupe_key = o.dedupe_key ORDER BY p.customer_id, p.dedupe_key
        """,
        $"""
        WITH updated AS (
            UPDATE alerts a SET
                last_detected_at = greatest(a.last_detected_at, p.detected_at), occurrences = a.occurrences + p.hits, rule_version = @rule_version,
                evidence = p.evidence, score = p.score, reason = p.reason, title = p.title,
                severity = CASE WHEN {Rank("p.severity")} > {Rank("a.severity")} THEN p.severity ELSE a.severity END,
                status = CASE WHEN a.status = 'snoozed' AND a.snoozed_until <= p.detected_at THEN 'open' ELSE a.status END,
                snoozed_until = CASE WHEN a.status = 'snoozed' AND a.snoozed_until <= p.detected_at THEN NULL ELSE a.snoozed_until END,
                updated_at = @now
            FROM alert_plan p
            WHERE p.action = 'update' AND a.id = p.active_id
            RETURNING a.id, p.active_status, a.status, p.active_severity, a.severity,
                      jsonb_build_object('ruleVersion', p.active_rule_version, 'severity', p.active_severity, 'title', p.active_title,
                                         'reason', p.active_reason, 'evidence', p.active_evidence, 'score', p.active_score,
                                         'lastDetectedAt', {SqlText.Timestamp("p.active_last_detected_at")}, 'occurrences', p.active_occurrences) AS previous,
                      p.origin)
        INSERT INTO alert_changes (alert_id, change, from_status, to_status, from_severity, to_severity, previous, origin)
        SELECT id, 'updated', active_status, status, active_severity, severity, previous, origin FROM updated
        """,
        $"""
        WITH closing AS ({AutoResolvable}),
        resolved AS (
            UPDATE alerts a SET status = 'auto-resolved', closed_at = @now, closed_by = 'system', snoozed_until = NULL, updated_at = @now
            FROM closing c WHERE a.id = c.id
            RETURNING a.id, c.status AS from_status)
        INSERT INTO alert_changes (alert_id, change, from_status, to_status) SELECT id, 'auto-resolved', from_status, 'auto-resolved' FROM resolved
        """,
        $"""
        INSERT INTO alert_history (id, alert_id, at, actor, from_status, to_status, from_severity, to_severity, note)
        SELECT {SqlText.NewId}, alert_id, @now, 'system', from_status, to_status, NULL, NULL,
               CASE change WHEN 'opened' THEN @opened_note WHEN 'auto-resolved' THEN @resolved_note ELSE 'The snooze ended and the condition still holds.' END
        FROM alert_changes WHERE change IN ('opened', 'auto-resolved') OR from_status IS DISTINCT FROM to_status
        UNION ALL
        SELECT {SqlText.NewId}, alert_id, @now, 'system', NULL, NULL, from_severity, to_severity, 'Detected again with a higher severity.'
        FROM alert_changes WHERE change = 'updated' AND from_severity IS DISTINCT FROM to_severity
        """,
        "SELECT pg_advisory_xact_lock(@lock)",
        $"""
        INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
        SELECT {SqlText.NewId}, e.type, @now, a.customer_id, 'alert', a.id, 'system', c.origin, e.data
        FROM alert_changes c JOIN alerts a ON a.id = c.alert_id
        CROSS JOIN LATERAL (SELECT {State("a")} AS state) st
        CROSS JOIN LATERAL (
            SELECT 'alert.opened' AS type, jsonb_build_object('state', st.state, 'actions', @actions::jsonb) AS data, 1 AS ord WHERE c.change = 'opened'
            UNION ALL
            SELECT 'alert.updated', jsonb_build_object('changedFields', d.fields, 'previous', d.previous, 'state', st.state), 2
            FROM (SELECT coalesce(jsonb_agg(p.k ORDER BY p.ord), '[]'::jsonb) AS fields, coalesce(jsonb_object_agg(p.k, p.v), jsonb_build_object()) AS previous
                  FROM jsonb_each(c.previous) WITH ORDINALITY AS p(k, v, ord) WHERE p.v IS DISTINCT FROM st.state -> p.k) d
            WHERE c.change = 'updated'
            UNION ALL
            SELECT 'alert.status-changed', jsonb_build_object('from', c.from_status, 'to', c.to_status, 'actor', 'system',
                       'note', CASE WHEN c.change = 'auto-resolved' THEN @resolved_note ELSE 'The snooze ended and the condition still holds.' END,
                       'state', st.state), 3
            WHERE c.from_status IS NOT NULL AND c.from_status IS DISTINCT FROM c.to_status) e
        ORDER BY c.seq, e.ord
        """,
    ];

    /// <summary>The alert as the API returns it without history and etag (AlertDto, as AlertEventData writes it in a request).</summary>
    private static string State(string a) =>
        $"""
        jsonb_build_object('id', {a}.id, 'ruleId', {a}.rule_id, 'ruleVersion', {a}.rule_version, 'kind', {a}.kind, 'customerId', {a}.customer_id,
            'dedupeKey', {a}.dedupe_key, 'severity', {a}.severity, 'status', {a}.status, 'title', {a}.title, 'reason', {a}.reason,
            'evidence', {a}.evidence, 'score', {a}.score, 'firstDetectedAt', {SqlText.Timestamp($"{a}.first_detected_at")},
            'lastDetectedAt', {SqlText.Timestamp($"{a}.last_detected_at")}, 'occurrences', {a}.occurrences, 'assigneeId', {a}.assignee_id,
            'acknowledgedAt', {SqlText.Timestamp($"{a}.acknowledged_at")}, 'acknowledgedBy', {a}.acknowledged_by,
            'snoozedUntil', {SqlText.Timestamp($"{a}.snoozed_until")}, 'snoozeReason', {a}.snooze_reason,
            'closedAt', {SqlText.Timestamp($"{a}.closed_at")}, 'closedBy', {a}.closed_by, 'outcome', {a}.outcome, 'note', {a}.note,
            'evaluationId', {a}.evaluation_id, 'createdAt', {SqlText.Timestamp($"{a}.created_at")}, 'updatedAt', {SqlText.Timestamp($"{a}.updated_at")})
        """;
}
