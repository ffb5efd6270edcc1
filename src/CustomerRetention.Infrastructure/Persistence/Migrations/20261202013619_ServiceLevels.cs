using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ServiceLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "business_calendars",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    weekly = table.Column<string>(type: "jsonb", nullable: false),
                    holidays = table.Column<string>(type: "jsonb", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_calendars", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_policy_versions",
                columns: table => new
                {
                    policy_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policy_versions", x => new { x.policy_id, x.version });
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    conditions = table.Column<string>(type: "jsonb", nullable: false),
                    calendar_id = table.Column<Guid>(type: "uuid", nullable: true),
                    hours_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    warn_at_percent = table.Column<int>(type: "integer", nullable: false),
                    targets = table.Column<string>(type: "jsonb", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                    table.CheckConstraint("ck_sla_policies_business_calendar", "hours_mode <> 'business' OR calendar_id IS NOT NULL");
                    table.CheckConstraint("ck_sla_policies_hours_mode", "hours_mode IN ('business', 'calendar')");
                    table.CheckConstraint("ck_sla_policies_warn_at_percent", "warn_at_percent BETWEEN 1 AND 99");
                    table.ForeignKey(
                        name: "fk_sla_policies_business_calendars_calendar_id",
                        column: x => x.calendar_id,
                        principalTable: "business_calendars",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_business_calendars_created_at_id",
                table: "business_calendars",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_calendar_id",
                table: "sla_policies",
                column: "calendar_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_evaluation_order",
                table: "sla_policies",
                columns: new[] { "is_default", "position", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_sla_policies_default",
                table: "sla_policies",
                column: "is_default",
                unique: true,
                filter: "is_default");

            // The default business calendar (Monday–Friday 09:00–17:00 in UTC: operators set their
            // zone) and the default SLA policy on it, version 1 kept (SPEC §9.3; docs/service-levels.md).
            migrationBuilder.Sql(
                """
                INSERT INTO business_calendars (id, name, time_zone, weekly, holidays, revision, created_at, updated_at) VALUES
                  ('0193a700-0000-7000-8000-0000000051a1', 'Business hours', 'UTC',
                   '[{"day":"monday","startMinute":540,"endMinute":1020},{"day":"tuesday","startMinute":540,"endMinute":1020},{"day":"wednesday","startMinute":540,"endMinute":1020},{"day":"thursday","startMinute":540,"endMinute":1020},{"day":"friday","startMinute":540,"endMinute":1020}]',
                   '[]', 1, now(), now());
                INSERT INTO sla_policies (id, name, position, is_default, conditions, calendar_id, hours_mode, warn_at_percent, targets, revision, created_at, updated_at) VALUES
                  ('0193a700-0000-7000-8000-0000000051a2', 'Default', 0, true,
                   '{"priorities":[],"categories":[],"channels":[],"segments":[],"tags":[]}',
                   '0193a700-0000-7000-8000-0000000051a1', 'business', 75,
                   '[{"metric":"first-response","priority":"low","minutes":960},{"metric":"first-response","priority":"normal","minutes":480},{"metric":"first-response","priority":"high","minutes":240},{"metric":"first-response","priority":"urgent","minutes":60},{"metric":"next-response","priority":"low","minutes":960},{"metric":"next-response","priority":"normal","minutes":480},{"metric":"next-response","priority":"high","minutes":240},{"metric":"next-response","priority":"urgent","minutes":60},{"metric":"resolution","priority":"low","minutes":4800},{"metric":"resolution","priority":"normal","minutes":2400},{"metric":"resolution","priority":"high","minutes":960},{"metric":"resolution","priority":"urgent","minutes":480}]',
                   1, now(), now());
                INSERT INTO sla_policy_versions (policy_id, version, details, valid_from)
                  SELECT id, 1, jsonb_build_object('name', name, 'position', position, 'isDefault', is_default, 'conditions', conditions, 'calendarId', calendar_id,
                                                   'hoursMode', hours_mode, 'warnAtPercent', warn_at_percent, 'targets', targets), updated_at
                  FROM sla_policies WHERE id = '0193a700-0000-7000-8000-0000000051a2';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "sla_policy_versions");

            migrationBuilder.DropTable(
                name: "business_calendars");
        }
    }
}
