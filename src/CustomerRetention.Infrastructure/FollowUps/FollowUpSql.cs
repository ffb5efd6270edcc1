using CustomerRetention.Application.Surveys.Contracts;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;

namespace CustomerRetention.Infrastructure.FollowUps;

/// <summary>
/// The statements of a follow-up run (SPEC §9.2), set-based over all customers: nothing per
/// customer crosses the wire. Every statement that creates, re-dates or cancels tasks writes the
/// matching <c>task.*</c> event rows into <c>fu_events</c>, which the run appends to the event log
/// as its last step (ADR 0012). Parameters: <c>@as_of</c> (date), <c>@zone</c> (IANA),
/// <c>@today</c> (today's date in the zone, for <c>timing</c>), <c>@now</c>.
/// </summary>
internal static class FollowUpSql
{
    /// <summary>A UUID v7 for <c>@now</c>, the run's time.</summary>
    private static readonly string UuidV7 = SqlText.NewIdAt("@now");

    public const string CreateEvents =
        "CREATE TEMP TABLE fu_events (ord bigserial, event_id uuid, type text, task_id uuid, customer_id uuid, data jsonb, origin jsonb) ON COMMIT DROP";

    /// <summary>The task as the API returns it (TaskDto without etag, as TaskEventData writes it), from the columns of <c>t</c>.</summary>
    private static string State(string t) =>
        $"""
        jsonb_build_object('id', {t}.id, 'customerId', {t}.customer_id, 'type', {t}.type, 'subject', {t}.subject, 'note', {t}.note,
            'priority', {t}.priority, 'status', {t}.status, 'dueDate', to_char({t}.due_date, 'YYYY-MM-DD'), 'dueAt', {SqlText.Timestamp($"{t}.due_at")},
            'timing', CASE WHEN {t}.status <> 'open' THEN NULL WHEN {t}.due_on < @today THEN 'overdue' WHEN {t}.due_on = @today THEN 'due-today' ELSE 'planned' END,
            'ownerId', {t}.owner_id, 'source', {t}.source, 'sourceRef', {t}.source_ref, 'reason', {t}.reason, 'dedupeKey', {t}.dedupe_key,
            'outcome', {t}.outcome, 'completionNote', {t}.completion_note, 'completedAt', {SqlText.Timestamp($"{t}.completed_at")},
            'completedBy', {t}.completed_by, 'interactionId', {t}.interaction_id, 'cancelledAt', {SqlText.Timestamp($"{t}.cancelled_at")},
            'cancelledBy', {t}.cancelled_by, 'createdAt', {SqlText.Timestamp($"{t}.created_at")}, 'updatedAt', {SqlText.Timestamp($"{t}.updated_at")})
        """;

    private const string Columns =
        "id, customer_id, type, subject, note, priority, status, due_date, due_at, due_on, owner_id, source, source_ref, reason, dedupe_key, created_at, updated_at";

    /// <summary>Inserts the rows of <paramref name="select"/> (in <see cref="Columns"/> order) as open tasks, skipping keys that have one; the created ones get <c>task.created</c>.</summary>
    private static string InsertTasks(string select) =>
        $"""
        WITH ins AS (
            INSERT INTO follow_up_tasks ({Columns})
            {select}
            ON CONFLICT (dedupe_key) WHERE status = 'open' AND dedupe_key IS NOT NULL DO NOTHING
            RETURNING *)
        INSERT INTO fu_events (event_id, type, task_id, customer_id, data)
        SELECT {UuidV7}, 'task.created', ins.id, ins.customer_id, jsonb_build_object('state', {State("ins")})
        FROM ins ORDER BY ins.customer_id, ins.id
        """;

    /// <summary>Cancels (by <c>system</c>) the open tasks <paramref name="where"/> picks from <c>t</c>; each gets <c>task.cancelled</c>.</summary>
    private static string CancelTasks(string from, string where) =>
        $"""
        WITH doomed AS (SELECT t.id FROM follow_up_tasks t {from} WHERE t.status = 'open' AND {where} ORDER BY t.id FOR UPDATE OF t),
        upd AS (
            UPDATE follow_up_tasks t SET status = 'cancelled', cancelled_at = @now, cancelled_by = 'system', updated_at = @now
            FROM doomed WHERE t.id = doomed.id AND t.status = 'open'
            RETURNING t.*)
        INSERT INTO fu_events (event_id, type, task_id, customer_id, data)
        SELECT {UuidV7}, 'task.cancelled', upd.id, upd.customer_id, jsonb_build_object('state', {State("upd")})
        FROM upd ORDER BY upd.id
        """;

    /// <summary>
    /// The customers in scope of cadence policy <c>@policy</c> with a cadence: their first matching
    /// tier that has an interval, the last qualifying touch (an interaction of one of the policy's
    /// touch types on or before asOf's local date) and <c>next_due</c> = that touch's local date
    /// (no touch: the customer's creation date) + intervalDays. Segments come from the latest
    /// succeeded RFM run, CLV from the latest succeeded CLV model.
    /// </summary>
    public const string CadenceDesired =
        """
        CREATE TEMP TABLE fu_desired ON COMMIT DROP AS
        WITH p AS (SELECT * FROM cadence_policies WHERE id = @policy),
        run AS (SELECT id FROM rfm_runs WHERE status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT 1),
        seg AS (SELECT r.customer_id, s.key AS segment FROM rfm_results r JOIN rfm_segments s ON s.id = r.segment_id WHERE r.run_id = (SELECT id FROM run)),
        model AS (SELECT id FROM clv_models WHERE status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT 1),
        clv AS (SELECT customer_id, clv FROM clv_predictions WHERE model_id = (SELECT id FROM model)),
        touch AS (
            SELECT i.customer_id, max(i.occurred_at) AS last_touch
            FROM interactions i CROSS JOIN p
            WHERE i.deleted_at IS NULL AND i.occurred_at < @as_of_end
              AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.touch_types) tt WHERE tt->>'channel' = i.channel AND tt->>'direction' = i.direction)
            GROUP BY i.customer_id),
        scoped AS (
            SELECT c.id, c.owner_id, c.created_at, seg.segment, clv.clv
            FROM customers c CROSS JOIN p
            LEFT JOIN seg ON seg.customer_id = c.id
            LEFT JOIN clv ON clv.customer_id = c.id
            WHERE c.archived_at IS NULL
              AND (jsonb_array_length(p.scope->'stages') = 0 OR c.lifecycle_stage IN (SELECT jsonb_array_elements_text(p.scope->'stages')))
              AND (jsonb_array_length(p.scope->'segments') = 0 OR seg.segment IN (SELECT jsonb_array_elements_text(p.scope->'segments')))
              AND (jsonb_array_length(p.scope->'tags') = 0 OR c.tag_keys && ARRAY(SELECT lower(x) FROM jsonb_array_elements_text(p.scope->'tags') x)))
        SELECT s.id AS customer_id, s.owner_id, t.tier->>'name' AS tier, (t.tier->>'intervalDays')::int AS interval_days,
               (tc.last_touch AT TIME ZONE @zone)::date AS last_touch_on, (s.created_at AT TIME ZONE @zone)::date AS created_on,
               coalesce((tc.last_touch AT TIME ZONE @zone)::date, (s.created_at AT TIME ZONE @zone)::date) + (t.tier->>'intervalDays')::int AS next_due,
               'cadence:' || p.id || ':' || s.id AS dedupe_key, p.name AS policy_name, p.revision, p.task_type, p.id AS policy_id
        FROM scoped s
        CROSS JOIN p
        CROSS JOIN LATERAL (
            SELECT x.tier FROM jsonb_array_elements(p.tiers) WITH ORDINALITY AS x(tier, ord)
            WHERE (coalesce(jsonb_typeof(x.tier->'segments'), 'null') = 'null' OR s.segment IN (SELECT jsonb_array_elements_text(x.tier->'segments')))
              AND (coalesce(jsonb_typeof(x.tier->'minClv'), 'null') = 'null' OR s.clv >= (x.tier->>'minClv')::numeric)
            ORDER BY x.ord LIMIT 1) t
        LEFT JOIN touch tc ON tc.customer_id = s.id
        WHERE t.tier->>'intervalDays' IS NOT NULL
        """;

    public const string CountDesired = "SELECT count(*) FROM fu_desired";

    public const string DropDesired = "DROP TABLE fu_desired";

    private const string CadenceReason =
        """
        left(format('Cadence policy "%s" v%s, tier "%s" (every %s days): %s; next due %s; evaluated as of %s.',
            d.policy_name, d.revision, d.tier, d.interval_days,
            CASE WHEN d.last_touch_on IS NULL THEN 'no touch yet, counted from the customer''s creation on ' || to_char(d.created_on, 'YYYY-MM-DD')
                 ELSE 'last touch on ' || to_char(d.last_touch_on, 'YYYY-MM-DD') END,
            to_char(d.next_due, 'YYYY-MM-DD'), to_char(@as_of, 'YYYY-MM-DD')), 1000)
        """;

    /// <summary>Open cadence tasks of the policy whose customer has no cadence now (out of scope, no tier, a tier without interval): cancelled.</summary>
    public static readonly string CadenceCancel = CancelTasks(
        string.Empty,
        "t.source = 'cadence' AND t.source_ref = @policy::text AND NOT EXISTS (SELECT 1 FROM fu_desired d WHERE d.dedupe_key = t.dedupe_key)");

    /// <summary>Open cadence tasks whose due date is no longer next_due (a tier change, a new interval): re-dated, with <c>task.updated</c>.</summary>
    public static readonly string CadenceRedate =
        $"""
        WITH old AS (
            SELECT t.id, t.due_date AS old_due_date, t.due_at AS old_due_at, d.next_due, {CadenceReason} AS reason
            FROM follow_up_tasks t JOIN fu_desired d ON d.dedupe_key = t.dedupe_key
            WHERE t.status = 'open' AND t.due_on <> d.next_due
            ORDER BY t.id FOR UPDATE OF t),
        upd AS (
            UPDATE follow_up_tasks t SET due_date = old.next_due, due_at = NULL, due_on = old.next_due, reason = old.reason, updated_at = @now
            FROM old WHERE t.id = old.id
            RETURNING t.*, old.old_due_date, old.old_due_at)
        INSERT INTO fu_events (event_id, type, task_id, customer_id, data)
        SELECT {UuidV7}, 'task.updated', upd.id, upd.customer_id,
               jsonb_build_object(
                   'changedFields', CASE WHEN upd.old_due_at IS NULL THEN '["dueDate"]'::jsonb ELSE '["dueDate","dueAt"]'::jsonb END,
                   'previous', CASE WHEN upd.old_due_at IS NULL THEN jsonb_build_object('dueDate', to_char(upd.old_due_date, 'YYYY-MM-DD'))
                                    ELSE jsonb_build_object('dueDate', to_char(upd.old_due_date, 'YYYY-MM-DD'), 'dueAt', {SqlText.Timestamp("upd.old_due_at")}) END,
                   'state', {State("upd")})
        FROM upd ORDER BY upd.id
        """;

    /// <summary>
    /// One open cadence task per policy and customer due within the horizon (asOf + 7 days), due
    /// next_due; not again for a due date that already had a task (completed without a touch, or cancelled).
    /// </summary>
    public static readonly string CadenceInsert = InsertTasks(
        $"""
        SELECT {UuidV7}, d.customer_id, d.task_type, left(format('Keep in touch (%s: %s)', d.policy_name, d.tier), 200), NULL, 'normal', 'open',
               d.next_due, NULL, d.next_due, d.owner_id, 'cadence', d.policy_id::text, {CadenceReason}, d.dedupe_key, @now, @now
        FROM fu_desired d
        WHERE d.next_due <= @as_of + 7
          AND NOT EXISTS (SELECT 1 FROM follow_up_tasks x WHERE x.dedupe_key = d.dedupe_key AND x.due_on = d.next_due)
        ORDER BY d.customer_id
        """);

    /// <summary>
    /// Birthday tasks: due leadDays before the birthday in asOf's year (or the next year's, for
    /// birthdays early in January), 29 February mapped to 28 February or 1 March in other years;
    /// created from 7 days before they are due until the birthday itself, once per customer and year.
    /// </summary>
    public static readonly string BirthdayInsert = InsertTasks(
        $"""
        SELECT {UuidV7}, d.id, @task_type, 'Birthday on ' || to_char(d.bday, 'YYYY-MM-DD'), NULL, 'normal', 'open',
               d.due, NULL, d.due, d.owner_id, 'birthday', NULL,
               left(format('Birthday policy v%s: birthday %s falls on %s in %s%s; due %s days before, on %s; evaluated as of %s.',
                   @revision, to_char(d.birthday, 'MM-DD'), to_char(d.bday, 'YYYY-MM-DD'), d.year,
                   CASE WHEN d.mapped THEN ' (29 February → ' || @feb29 || ')' ELSE '' END,
                   @lead_days, to_char(d.due, 'YYYY-MM-DD'), to_char(@as_of, 'YYYY-MM-DD')), 1000),
               d.dedupe_key, @now, @now
        FROM (
            SELECT b.*, b.bday - @lead_days AS due, 'birthday:' || b.id || ':' || b.year AS dedupe_key
            FROM (
                SELECT c.id, c.owner_id, c.birthday, y.year,
                       (extract(month FROM c.birthday) = 2 AND extract(day FROM c.birthday) = 29
                        AND NOT ((y.year % 4 = 0 AND y.year % 100 <> 0) OR y.year % 400 = 0)) AS mapped,
                       CASE WHEN extract(month FROM c.birthday) = 2 AND extract(day FROM c.birthday) = 29
                                 AND NOT ((y.year % 4 = 0 AND y.year % 100 <> 0) OR y.year % 400 = 0)
                            THEN CASE WHEN @feb29 = 'mar1' THEN make_date(y.year, 3, 1) ELSE make_date(y.year, 2, 28) END
                            ELSE make_date(y.year, extract(month FROM c.birthday)::int, extract(day FROM c.birthday)::int) END AS bday
                FROM customers c
                CROSS JOIN (VALUES (extract(year FROM @as_of)::int), (extract(year FROM @as_of)::int + 1)) AS y(year)
                WHERE c.archived_at IS NULL AND c.birthday IS NOT NULL) b) d
        WHERE d.due <= @as_of + 7 AND d.bday >= @as_of
          AND NOT EXISTS (SELECT 1 FROM follow_up_tasks x WHERE x.dedupe_key = d.dedupe_key)
        ORDER BY d.id
        """);

    /// <summary>Open post-purchase tasks whose order is now in a skipped status (@skip_statuses): cancelled.</summary>
    public static readonly string PostPurchaseCancel = CancelTasks(
        "JOIN orders o ON o.id::text = t.source_ref",
        "t.source = 'post-purchase' AND o.status = ANY(@skip_statuses)");

    /// <summary>
    /// The due orders without a post-purchase reminder yet (no task and no survey send with the
    /// order's key, whatever the action was then): orders of live customers whose local date +
    /// delayDays falls in [asOf − 7, <c>@due_until</c>] (asOf + 7 for tasks, which are made ahead
    /// with their due date; asOf for survey sends, which go out when due). <c>skip</c> names the
    /// first skip condition that applies at run time: order-cancelled, order-refunded (the order's
    /// status, when in @skip_statuses), open-case (@skip_open_case and the customer has a case that
    /// is not solved or closed), else null.
    /// </summary>
    public const string PostPurchaseDue =
        """
        CREATE TEMP TABLE fu_post_purchase ON COMMIT DROP AS
        SELECT d.*,
               CASE WHEN d.status = ANY(@skip_statuses) THEN 'order-' || d.status
                    WHEN @skip_open_case AND EXISTS (
                        SELECT 1 FROM cases k WHERE k.customer_id = d.customer_id AND k.status IN ('new', 'open', 'pending-customer', 'on-hold')) THEN 'open-case'
               END AS skip
        FROM (
            SELECT o.id, o.external_id, o.customer_id, o.status, o.ordered_at, c.owner_id, (o.ordered_at AT TIME ZONE @zone)::date AS ordered_on,
                   (o.ordered_at AT TIME ZONE @zone)::date + @delay_days AS due
            FROM orders o JOIN customers c ON c.id = o.customer_id AND c.archived_at IS NULL
            WHERE o.ordered_at >= @orders_from AND o.ordered_at < @orders_to AND o.status IN ('completed', 'cancelled', 'refunded')) d
        WHERE d.due BETWEEN @as_of - 7 AND @due_until
          AND NOT EXISTS (SELECT 1 FROM follow_up_tasks x WHERE x.dedupe_key = 'post-purchase:' || d.id)
          AND NOT EXISTS (SELECT 1 FROM survey_sends x WHERE x.dedupe_key = 'post-purchase:' || d.id)
        """;

    /// <summary>The due orders by skip reason (null: not skipped).</summary>
    public const string PostPurchaseSkips = "SELECT skip, count(*) FROM fu_post_purchase GROUP BY skip";

    public const string DropPostPurchase = "DROP TABLE fu_post_purchase";

    /// <summary>Post-purchase tasks: one per due order not skipped, due the order's local date + delayDays, once per order.</summary>
    public static readonly string PostPurchaseInsert = InsertTasks(
        $"""
        SELECT {UuidV7}, d.customer_id, @task_type, left('Feedback on order ' || coalesce(d.external_id, left(d.id::text, 8)), 200), NULL, 'normal', 'open',
               d.due, NULL, d.due, d.owner_id, 'post-purchase', d.id::text,
               left(format('Post-purchase policy v%s: order %s of %s (%s); due %s days later, on %s; evaluated as of %s.',
                   @revision, coalesce(d.external_id, d.id::text), to_char(d.ordered_on, 'YYYY-MM-DD'), d.status, @delay_days,
                   to_char(d.due, 'YYYY-MM-DD'), to_char(@as_of, 'YYYY-MM-DD')), 1000),
               'post-purchase:' || d.id, @now, @now
        FROM fu_post_purchase d
        WHERE d.skip IS NULL
        ORDER BY d.id
        """);

    /// <summary>The survey sends' batch (the Surveys contract's table): one per due order not skipped, context the order, a customer's orders in order.</summary>
    public const string PostPurchaseSurveyBatch =
        $"""
        INSERT INTO {AutomatedSendBatch.Table} (customer_id, context_type, context_id, dedupe_key, ordinal)
        SELECT d.customer_id, 'order', d.id, 'post-purchase:' || d.id, row_number() OVER (ORDER BY d.ordered_at, d.id)
        FROM fu_post_purchase d
        WHERE d.skip IS NULL
        """;

    /// <summary>
    /// The <c>alert.opened</c> events among the reaction's batch (positions after <c>@position</c> up
    /// to <c>@head</c>) that carry actions: the alert's state, the rule's <c>actionsOnOpen</c> at the
    /// version that opened it, and the event's chain depth for the tasks' origin.
    /// </summary>
    public const string AlertsOpened =
        """
        CREATE TEMP TABLE fu_alerts ON COMMIT DROP AS
        SELECT e.position, e.id AS event_id, coalesce((e.origin->>'depth')::int, 0) AS depth, e.resource_id AS alert_id, e.occurred_at,
               e.data->'state' AS alert, e.data->'actions' AS actions
        FROM events e
        WHERE e.position > @position AND e.position <= @head AND e.type = 'alert.opened' AND jsonb_typeof(e.data->'actions') = 'array'
        """;

    /// <summary>
    /// One task per <c>task</c> action of each opened alert (SPEC §9.1 actionsOnOpen): the action's
    /// type, due its dueInDays after the alert opened (local date), the action's priority or, by
    /// default, high for a high or critical alert and normal otherwise, owned by the alert's
    /// assignee; source <c>alert</c>, sourceRef the alert. The dedupe key (alert and action) is
    /// never reused, so reacting to the same event again creates nothing.
    /// </summary>
    public static readonly string AlertTaskInsert = InsertTasks(
        $"""
        SELECT {UuidV7}, c.id, coalesce(a.action->>'taskType', 'call'), left('Alert: ' || (f.alert->>'title'), 200), NULL,
               coalesce(a.action->>'priority', CASE WHEN f.alert->>'severity' IN ('high', 'critical') THEN 'high' ELSE 'normal' END), 'open',
               d.due, NULL, d.due, coalesce((f.alert->>'assigneeId')::uuid, c.owner_id), 'alert', f.alert_id::text,
               left(format('Alert "%s" (%s) opened on %s: %s Action %s of its rule (version %s): a %s task due %s days after the alert opened, on %s.',
                   f.alert->>'title', f.alert->>'severity', to_char(d.opened_on, 'YYYY-MM-DD'), f.alert->>'reason', a.ord, f.alert->>'ruleVersion',
                   coalesce(a.action->>'taskType', 'call'), d.due_in_days, to_char(d.due, 'YYYY-MM-DD')), 1000),
               'alert:' || f.alert_id || ':' || a.ord, @now, @now
        FROM fu_alerts f
        CROSS JOIN LATERAL jsonb_array_elements(f.actions) WITH ORDINALITY AS a(action, ord)
        JOIN customers c ON c.id = (f.alert->>'customerId')::uuid AND c.archived_at IS NULL
        CROSS JOIN LATERAL (
            SELECT o.opened_on, coalesce((a.action->>'dueInDays')::int, 2) AS due_in_days, o.opened_on + coalesce((a.action->>'dueInDays')::int, 2) AS due
            FROM (SELECT (f.occurred_at AT TIME ZONE @zone)::date AS opened_on) o) d
        WHERE a.action->>'type' = 'task'
          AND NOT EXISTS (SELECT 1 FROM follow_up_tasks x WHERE x.dedupe_key = 'alert:' || f.alert_id || ':' || a.ord)
        ORDER BY f.position, a.ord
        """);

    /// <summary>The alert tasks' <c>task.created</c> events name the <c>alert.opened</c> they reacted to as their origin, one level deeper.</summary>
    public const string AlertTaskOrigins =
        """
        UPDATE fu_events e SET origin = jsonb_build_object('eventId', f.event_id, 'depth', f.depth + 1)
        FROM follow_up_tasks t JOIN fu_alerts f ON t.source = 'alert' AND t.source_ref = f.alert_id::text
        WHERE t.id = e.task_id
        """;

    public const string CountEvents = "SELECT count(*) FILTER (WHERE type = @type) FROM fu_events WHERE ord > @after";

    public const string CountAll = "SELECT count(*) FROM fu_events";

    public const string LastEvent = "SELECT coalesce(max(ord), 0) FROM fu_events";

    /// <summary>The run's events, appended under the log's lock as the last statements (ADR 0012).</summary>
    public const string AppendEvents =
        """
        INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
        SELECT event_id, type, @now, customer_id, 'task', task_id, 'system', origin, data FROM fu_events ORDER BY ord
        """;
}
