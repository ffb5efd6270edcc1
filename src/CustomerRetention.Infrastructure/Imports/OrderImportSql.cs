using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.Imports;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;
using static CustomerRetention.Infrastructure.Imports.ImportSql;

namespace CustomerRetention.Infrastructure.Imports;

/// <summary>The statements of an order import (ADR 0023). Only the code's own constants, never input.</summary>
internal static class OrderImportSql
{
    /// <summary>Bits of the staged <c>given</c> column (OrderImportFields).</summary>
    private const int StatusGiven = 1, NotesGiven = 2, ItemsGiven = 4, ChannelGiven = 8;

    /// <summary>The staging table: every row of the file, valid (the order as Order.Create built it) or refused (its errors).</summary>
    public const string CreateStaging =
        """
        DROP TABLE IF EXISTS import_rows;
        CREATE TEMP TABLE import_rows (
            row_no bigint NOT NULL, ok boolean NOT NULL, err_fields text[], err_messages text[],
            order_id uuid, event_id uuid, event2_id uuid, transition_id uuid, transition_event_id uuid,
            external_id text, customer_id uuid, customer_external_id text, ordered_at timestamptz, status text, status_reason text,
            amount numeric, currency text, items jsonb, channel text, notes text, given int, state jsonb)
        """;

    public const string CopyStaging =
        """
        COPY import_rows (row_no, ok, err_fields, err_messages, order_id, event_id, event2_id, transition_id, transition_event_id,
            external_id, customer_id, customer_external_id, ordered_at, status, status_reason, amount, currency, items, channel, notes, given, state)
            FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>The value columns after the errors (written as nulls for a refused row).</summary>
    public const int StagingValueColumns = 18;

    /// <summary>After staging: the chunk index, and every row of an order externalId that more than one valid row has is refused.</summary>
    public static readonly string IndexAndFindDuplicates = IndexAndRefuse(Duplicates("external_id", "externalId", "d.external_id"));

    private static readonly string Prospects =
        string.Join(", ", Enum.GetValues<LifecycleStage>().Where(LifecycleGraph.IsProspect).Append(LifecycleStage.Churned).Select(s => $"'{Stage(s)}'"));

    private static readonly string Retention = Stage(LifecycleStage.Retention);

    private static readonly string Completed = OrderStatus.Completed.ToString().ToLowerInvariant();

    /// <summary>An existing order's state after the row's changes, as OrderDto without etag (OrderEventData's state).</summary>
    private static readonly string UpdatedState =
        $"""
        jsonb_build_object('id', o_id, 'customerId', o_customer_id, 'externalId', external_id, 'orderedAt', {SqlText.Timestamp("o_ordered_at")},
            'status', CASE WHEN status_changed THEN status ELSE o_status END, 'amount', o_amount, 'currency', o_currency, 'items', o_items,
            'channel', o_channel, 'notes', CASE WHEN notes_changed THEN notes ELSE o_notes END,
            'statusChangedAt', CASE WHEN status_changed THEN {SqlText.Timestamp("@now")} ELSE {SqlText.Timestamp("o_status_changed_at")} END,
            'statusReason', CASE WHEN status_changed THEN status_reason ELSE o_status_reason END,
            'createdAt', {SqlText.Timestamp("o_created_at")}, 'updatedAt', {SqlText.Timestamp("@now")})
        """;

    /// <summary>
    /// One chunk (rows @from–@to), in one transaction: resolve each row's customer among the live
    /// customers the caller sees and its order among all orders by externalId; refuse unknown
    /// customers, another owner's order (an agent), a differing immutable field and a status change
    /// the order cannot make; lock the buyers of new completed orders (id order) before reading their
    /// stage; insert the new orders, update the changed ones, apply the automatic transitions (one
    /// per customer, from its earliest completed order of the chunk); record errors and counts; and
    /// append the events last (ADR 0012).
    /// </summary>
    public static readonly string[] Merge =
    [
        $"""
        CREATE TEMP TABLE import_chunk ON COMMIT DROP AS
        SELECT x.*,
               CASE WHEN NOT existing THEN NULL
                    WHEN cust_id IS DISTINCT FROM o_customer_id THEN 'customerId'
                    WHEN ordered_at <> o_ordered_at THEN 'orderedAt'
                    WHEN amount <> o_amount THEN 'amount'
                    WHEN currency <> o_currency THEN 'currency'
                    WHEN given & {ItemsGiven} <> 0 AND items <> o_items THEN 'items'
                    WHEN given & {ChannelGiven} <> 0 AND channel IS DISTINCT FROM o_channel THEN 'channel' END AS immutable,
               existing AND given & {StatusGiven} <> 0 AND status <> o_status AS status_changed,
               existing AND given & {NotesGiven} <> 0 AND notes IS DISTINCT FROM o_notes AS notes_changed,
               existing AND @scope::uuid IS NOT NULL AND o_owner_id IS DISTINCT FROM @scope::uuid AS foreign_order
        FROM (
            SELECT s.*, coalesce(ci.id, ce.id) AS cust_id,
                   o.id IS NOT NULL AS existing, o.id AS o_id, o.customer_id AS o_customer_id, o.ordered_at AS o_ordered_at,
                   o.status::text AS o_status, o.amount AS o_amount, o.currency::text AS o_currency, o.items AS o_items,
                   o.channel::text AS o_channel, o.notes::text AS o_notes, o.status_reason::text AS o_status_reason,
                   o.status_changed_at AS o_status_changed_at, o.created_at AS o_created_at, oc.owner_id AS o_owner_id
            FROM import_rows s
            LEFT JOIN customers ci ON s.ok AND ci.id = s.customer_id AND ci.archived_at IS NULL
                                  AND (@scope::uuid IS NULL OR ci.owner_id = @scope::uuid)
            LEFT JOIN customers ce ON s.ok AND s.customer_id IS NULL AND ce.external_id = s.customer_external_id AND ce.archived_at IS NULL
                                  AND (@scope::uuid IS NULL OR ce.owner_id = @scope::uuid)
            LEFT JOIN orders o ON s.ok AND o.external_id = s.external_id
            LEFT JOIN customers oc ON oc.id = o.customer_id
            WHERE s.row_no BETWEEN @from AND @to) x
        """,
        $"""
        UPDATE import_chunk SET ok = false,
            err_fields = ARRAY[CASE WHEN cust_id IS NULL THEN CASE WHEN customer_id IS NOT NULL THEN 'customerId' ELSE 'customerExternalId' END
                                    WHEN foreign_order THEN 'externalId'
                                    WHEN immutable IS NOT NULL THEN immutable
                                    ELSE 'status' END],
            err_messages = ARRAY[CASE
                WHEN cust_id IS NULL AND customer_id IS NOT NULL THEN format('Customer %s does not exist.', customer_id)
                WHEN cust_id IS NULL THEN format('No customer has externalId ''%s''.', customer_external_id)
                WHEN foreign_order THEN format('{OrderImportRows.DuplicateOrderCode}: An order with externalId ''%s'' already exists for another owner''s customer.', external_id)
                WHEN immutable IS NOT NULL THEN format('{Order.FieldImmutableCode}: Order %s (externalId ''%s'') already records a different %s: an order''s %s cannot change; only its status (cancelled or refunded) and notes can.', o_id, external_id, immutable, immutable)
                ELSE format('{Order.StatusChangeNotAllowedCode}: An order that is ''%s'' cannot become ''%s'': only completed orders can be cancelled or refunded.', o_status, status) END]
        WHERE ok
          AND (cust_id IS NULL OR foreign_order OR immutable IS NOT NULL OR (status_changed AND (o_status <> '{Completed}' OR status = '{Completed}')))
        """,
        $"""
        SELECT 1 FROM customers WHERE id IN (SELECT cust_id FROM import_chunk WHERE ok AND NOT existing AND status = '{Completed}')
        ORDER BY id FOR UPDATE
        """,
        """
        INSERT INTO orders (id, customer_id, external_id, ordered_at, status, amount, currency, items, channel, notes, created_at, updated_at)
        SELECT order_id, cust_id, external_id, ordered_at, status, amount, currency, items, channel, notes, @now, @now
        FROM import_chunk WHERE ok AND NOT existing ORDER BY row_no
        """,
        """
        UPDATE orders o SET status = CASE WHEN k.status_changed THEN k.status ELSE o.status END,
                            status_reason = CASE WHEN k.status_changed THEN k.status_reason ELSE o.status_reason END,
                            status_changed_at = CASE WHEN k.status_changed THEN @now ELSE o.status_changed_at END,
                            notes = CASE WHEN k.notes_changed THEN k.notes ELSE o.notes END,
                            updated_at = @now
        FROM import_chunk k WHERE k.ok AND k.o_id = o.id AND (k.status_changed OR k.notes_changed)
        """,
        $"""
        CREATE TEMP TABLE import_moves ON COMMIT DROP AS
        SELECT DISTINCT ON (k.cust_id) k.cust_id AS customer_id, k.row_no, k.transition_id, k.transition_event_id, k.event_id AS order_event_id,
               c.lifecycle_stage AS from_stage, greatest(k.ordered_at, c.stage_entered_at) AS occurred_at,
               CASE WHEN c.lifecycle_stage = '{Stage(LifecycleStage.Churned)}' THEN 'win-back' ELSE 'first purchase' END AS reason
        FROM import_chunk k JOIN customers c ON c.id = k.cust_id
        WHERE k.ok AND NOT k.existing AND k.status = '{Completed}' AND c.lifecycle_stage IN ({Prospects})
        ORDER BY k.cust_id, k.ordered_at, k.row_no
        """,
        $"""
        INSERT INTO stage_transitions (id, customer_id, from_stage, to_stage, occurred_at, reason, source, actor, recorded_at)
        SELECT transition_id, customer_id, from_stage, '{Retention}', occurred_at, reason, '{Stage(TransitionSource.Automatic)}', '{SystemActor.SystemName}', @now
        FROM import_moves
        """,
        $"""
        UPDATE customers c SET lifecycle_stage = '{Retention}', stage_entered_at = m.occurred_at, updated_at = @now
        FROM import_moves m WHERE c.id = m.customer_id
        """,
        RowErrors,
        Counts("ok AND NOT existing", "ok AND existing AND (status_changed OR notes_changed)", "ok AND existing AND NOT (status_changed OR notes_changed)"),
        LockEventLog,
        $"""
        INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
        SELECT id, type, @now, customer_id, resource_type, resource_id, actor, origin, data
        FROM (
            SELECT row_no, 0 AS seq, event_id AS id, '{OrderRecorded.EventType}' AS type, cust_id AS customer_id, 'order' AS resource_type,
                   order_id AS resource_id, @actor AS actor, NULL::jsonb AS origin,
                   jsonb_build_object('state', state || jsonb_build_object('customerId', cust_id, 'createdAt', {SqlText.Timestamp("@now")}, 'updatedAt', {SqlText.Timestamp("@now")})) AS data
            FROM import_chunk WHERE ok AND NOT existing
            UNION ALL
            SELECT row_no, 1, transition_event_id, '{StageChanged.EventType}', customer_id, 'customer', customer_id, '{SystemActor.SystemName}',
                   jsonb_build_object('eventId', order_event_id, 'depth', 1),
                   jsonb_build_object('id', transition_id, 'fromStage', from_stage, 'toStage', '{Retention}', 'occurredAt', {SqlText.Timestamp("occurred_at")},
                                      'reason', reason, 'source', '{Stage(TransitionSource.Automatic)}', 'actor', '{SystemActor.SystemName}', 'recordedAt', {SqlText.Timestamp("@now")})
            FROM import_moves
            UNION ALL
            SELECT row_no, 0, event_id, '{OrderStatusChanged.EventType}', o_customer_id, 'order', o_id, @actor, NULL,
                   jsonb_build_object('from', o_status, 'to', status, 'reason', status_reason, 'state', {UpdatedState})
            FROM import_chunk WHERE ok AND status_changed
            UNION ALL
            SELECT row_no, 1, event2_id, '{OrderUpdated.EventType}', o_customer_id, 'order', o_id, @actor, NULL,
                   jsonb_build_object('changedFields', jsonb_build_array('notes'), 'previous', jsonb_build_object('notes', o_notes), 'state', {UpdatedState})
            FROM import_chunk WHERE ok AND notes_changed) e
        ORDER BY row_no, seq
        """,
    ];

    private static string Stage<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
