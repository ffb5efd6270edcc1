using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CaseSla : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sla_next_check_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "sla_policy_id",
                table: "cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sla_policy_version",
                table: "cases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sla_state",
                table: "cases",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_sla_targets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metric = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    instance = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    target_minutes = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    warn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    achieved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    breached_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    warned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_sla_targets", x => x.id);
                    table.CheckConstraint("ck_case_sla_targets_instance", "instance >= 1");
                    table.CheckConstraint("ck_case_sla_targets_metric", "metric IN ('first-response', 'next-response', 'resolution')");
                    table.CheckConstraint("ck_case_sla_targets_minutes", "target_minutes >= 0");
                    table.CheckConstraint("ck_case_sla_targets_state", "state IN ('running', 'paused', 'achieved', 'breached', 'breached-achieved')");
                    table.ForeignKey(
                        name: "fk_case_sla_targets_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_sla_next_check_at",
                table: "cases",
                column: "sla_next_check_at",
                filter: "sla_next_check_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_cases_sla_state_opened_at_id",
                table: "cases",
                columns: new[] { "sla_state", "opened_at", "id" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_cases_sla_state",
                table: "cases",
                sql: "sla_state IN ('active', 'hit', 'missed', 'active-with-misses')");

            migrationBuilder.CreateIndex(
                name: "ix_case_sla_targets_case_id_metric_instance",
                table: "case_sla_targets",
                columns: new[] { "case_id", "metric", "instance" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_sla_targets");

            migrationBuilder.DropIndex(
                name: "ix_cases_sla_next_check_at",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_sla_state_opened_at_id",
                table: "cases");

            migrationBuilder.DropCheckConstraint(
                name: "ck_cases_sla_state",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "sla_next_check_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "sla_policy_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "sla_policy_version",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "sla_state",
                table: "cases");
        }
    }
}
