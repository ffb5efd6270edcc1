using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    @params = table.Column<string>(name: "params", type: "text", nullable: false),
                    scope = table.Column<string>(type: "text", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    cooldown_days = table.Column<int>(type: "integer", nullable: false),
                    auto_resolve = table.Column<bool>(type: "boolean", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    actions_on_open = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_rules", x => x.id);
                    table.CheckConstraint("ck_alert_rules_cooldown_days", "cooldown_days BETWEEN 0 AND 3650");
                    table.CheckConstraint("ck_alert_rules_kind", "kind IN ('frequency-drop', 'spend-drift', 'p-alive-low', 'overdue', 'segment-entered', 'nps-detractor', 'sla-breach')");
                    table.CheckConstraint("ck_alert_rules_version", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "alert_evaluations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_version = table.Column<int>(type: "integer", nullable: false),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trigger = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rfm_run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    figures = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    progress = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_evaluations", x => x.id);
                    table.ForeignKey(
                        name: "fk_alert_evaluations_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_version = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dedupe_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: false),
                    score = table.Column<decimal>(type: "numeric", nullable: true),
                    first_detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occurrences = table.Column<int>(type: "integer", nullable: false),
                    assignee_id = table.Column<Guid>(type: "uuid", nullable: true),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    snoozed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    snooze_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    evaluation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                    table.CheckConstraint("ck_alerts_occurrences", "occurrences >= 1");
                    table.CheckConstraint("ck_alerts_severity", "severity IN ('low', 'medium', 'high', 'critical')");
                    table.CheckConstraint("ck_alerts_status", "status IN ('open', 'acknowledged', 'snoozed', 'resolved', 'dismissed', 'auto-resolved')");
                    table.ForeignKey(
                        name: "fk_alerts_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_alerts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "alert_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alert_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    from_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    from_severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to_severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_alert_history_alerts_alert_id",
                        column: x => x.alert_id,
                        principalTable: "alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alert_evaluations_status_created_at",
                table: "alert_evaluations",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_alert_evaluations_rule_version_as_of",
                table: "alert_evaluations",
                columns: new[] { "rule_id", "rule_version", "as_of" },
                unique: true,
                filter: "status <> 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_alert_history_alert_id_at_id",
                table: "alert_history",
                columns: new[] { "alert_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_rules_created_at_id",
                table: "alert_rules",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_alert_rules_key_live",
                table: "alert_rules",
                column: "key",
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_assignee_id_created_at_id",
                table: "alerts",
                columns: new[] { "assignee_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_created_at_id",
                table: "alerts",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_customer_id_created_at_id",
                table: "alerts",
                columns: new[] { "customer_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_dedupe_key_closed",
                table: "alerts",
                columns: new[] { "dedupe_key", "closed_at" },
                filter: "status IN ('resolved', 'dismissed')");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_rule_customer_active",
                table: "alerts",
                columns: new[] { "rule_id", "customer_id" },
                filter: "status IN ('open', 'acknowledged', 'snoozed')");

            migrationBuilder.CreateIndex(
                name: "ux_alerts_dedupe_key_active",
                table: "alerts",
                column: "dedupe_key",
                unique: true,
                filter: "status IN ('open', 'acknowledged', 'snoozed')");

            // Where the reactions of the alerts module have read the event log to (SegmentEnteredReaction);
            // written by SQL only, so not part of the model.
            migrationBuilder.Sql("CREATE TABLE alert_event_cursors (consumer varchar(50) PRIMARY KEY, position bigint NOT NULL)");

            // A rule of every kind (SPEC §9.1), disabled until a manager enables it. The documents
            // are the canonical form the API writes for a body of just key, name and kind, so a
            // patch that changes nothing keeps version 1 (AlertRuleSeedTests).
            migrationBuilder.Sql(
                """
                INSERT INTO alert_rules (id, key, name, kind, params, severity, scope, cooldown_days, auto_resolve, enabled, actions_on_open, version, created_at, updated_at)
                VALUES
                ('0193a000-0000-7000-8000-000000000001', 'frequency-drop', 'Purchase frequency dropped', 'frequency-drop', '{"windowDays":90,"minPreviousOrders":2,"dropThreshold":0.30}', '{"base":"medium","raised":"high","raiseAt":0.60,"raiseForSegments":null}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, true, false, '[]', 1, now(), now()),
                ('0193a000-0000-7000-8000-000000000002', 'spend-drift', 'Spend drifted', 'spend-drift', '{"periodDays":30,"baselinePeriods":6,"minPeriods":3,"threshold":0.15,"direction":"down"}', '{"base":"medium","raised":"high","raiseAt":0.5,"raiseForSegments":null}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, true, false, '[]', 1, now(), now()),
                ('0193a000-0000-7000-8000-000000000003', 'p-alive-low', 'Low chance of being alive', 'p-alive-low', '{"threshold":0.30,"maxModelAgeDays":7}', '{"base":"medium","raised":"high","raiseAt":null,"raiseForSegments":["champions","loyal-customers","cant-lose-them"]}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, true, false, '[]', 1, now(), now()),
                ('0193a000-0000-7000-8000-000000000004', 'overdue', 'Purchase overdue', 'overdue', '{"minOrders":3,"factor":1.5}', '{"base":"medium","raised":"high","raiseAt":3,"raiseForSegments":null}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, true, false, '[]', 1, now(), now()),
                ('0193a000-0000-7000-8000-000000000005', 'segment-entered', 'Entered an at-risk segment', 'segment-entered', '{"segments":["at-risk","cant-lose-them","hibernating"]}', '{"base":"medium","raised":"high","raiseAt":null,"raiseForSegments":["cant-lose-them"]}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, false, false, '[]', 1, now(), now()),
                ('0193a000-0000-7000-8000-000000000006', 'nps-detractor', 'NPS detractor', 'nps-detractor', '{"maxScore":6}', '{"base":"medium","raised":"high","raiseAt":3,"raiseForSegments":null}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, false, false, '[]', 1, now(), now()),
                ('0193a000-0000-7000-8000-000000000007', 'sla-breach', 'SLA breached', 'sla-breach', '{}', '{"base":null,"raised":null,"raiseAt":null,"raiseForSegments":null}', '{"stages":["retention","expansion","contraction"],"segments":[],"tags":[]}', 30, false, false, '[]', 1, now(), now())
                ON CONFLICT DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE alert_event_cursors");

            migrationBuilder.DropTable(
                name: "alert_evaluations");

            migrationBuilder.DropTable(
                name: "alert_history");

            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "alert_rules");
        }
    }
}
