using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cadence_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    scope = table.Column<string>(type: "jsonb", nullable: false),
                    tiers = table.Column<string>(type: "jsonb", nullable: false),
                    task_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    touch_types = table.Column<string>(type: "jsonb", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadence_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    results = table.Column<string>(type: "jsonb", nullable: true),
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
                    table.PrimaryKey("pk_follow_up_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_ref = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    dedupe_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    completion_note = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    interaction_id = table.Column<Guid>(type: "uuid", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_tasks", x => x.id);
                    table.CheckConstraint("ck_follow_up_tasks_due", "(due_date IS NULL) <> (due_at IS NULL)");
                    table.CheckConstraint("ck_follow_up_tasks_status", "status IN ('open', 'completed', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_follow_up_tasks_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reminder_policies",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    birthday = table.Column<string>(type: "jsonb", nullable: true),
                    post_purchase = table.Column<string>(type: "jsonb", nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_policies", x => x.kind);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cadence_policies_created_at_id",
                table: "cadence_policies",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_runs_status_created_at",
                table: "follow_up_runs",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_tasks_customer_due_on_id",
                table: "follow_up_tasks",
                columns: new[] { "customer_id", "due_on", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_tasks_dedupe_key_due_on",
                table: "follow_up_tasks",
                columns: new[] { "dedupe_key", "due_on" },
                filter: "dedupe_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_tasks_due_on_id",
                table: "follow_up_tasks",
                columns: new[] { "due_on", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_tasks_open_owner_due_on_id",
                table: "follow_up_tasks",
                columns: new[] { "owner_id", "due_on", "id" },
                filter: "status = 'open'");

            migrationBuilder.CreateIndex(
                name: "ux_follow_up_tasks_open_dedupe_key",
                table: "follow_up_tasks",
                column: "dedupe_key",
                unique: true,
                filter: "status = 'open' AND dedupe_key IS NOT NULL");

            // The reminder policies (one row each, SPEC §9.2 defaults) and the cadence example
            // (monthly for high-value RFM segments, quarterly for the rest), all disabled.
            migrationBuilder.Sql(
                """
                INSERT INTO reminder_policies (kind, birthday, post_purchase, enabled, revision, updated_at) VALUES
                  ('birthday', '{"leadDays":3,"taskType":"call","feb29":"feb28"}', NULL, false, 1, now()),
                  ('post-purchase', NULL, '{"delayDays":7,"action":"task","taskType":"call","skipIf":["order-cancelled","order-refunded","open-case"]}', false, 1, now());
                INSERT INTO cadence_policies (id, name, scope, tiers, task_type, touch_types, enabled, revision, created_at, updated_at) VALUES
                  ('0193a700-0000-7000-8000-00000000ca01', 'Keep in touch by value',
                   '{"stages":[],"segments":[],"tags":[]}',
                   '[{"name":"high-value","segments":["champions","loyal-customers","cant-lose-them"],"minClv":null,"intervalDays":30},{"name":"everyone else","segments":null,"minClv":null,"intervalDays":90}]',
                   'call',
                   '[{"channel":"phone","direction":"outbound"},{"channel":"email","direction":"outbound"},{"channel":"sms","direction":"outbound"},{"channel":"wechat","direction":"outbound"},{"channel":"visit","direction":"outbound"},{"channel":"meeting","direction":"outbound"}]',
                   false, 1, now(), now());
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cadence_policies");

            migrationBuilder.DropTable(
                name: "follow_up_runs");

            migrationBuilder.DropTable(
                name: "follow_up_tasks");

            migrationBuilder.DropTable(
                name: "reminder_policies");
        }
    }
}
