using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The job kit (docs/decisions/0013-one-job-kit.md): every job table gets <c>heartbeat_at</c>
    /// (written by the running instance) and <c>progress</c> (0–1); jobs already running get their
    /// start as their last heartbeat, so the stopped-instance sweep judges them like any other.
    /// <c>job_schedules</c> holds each scheduled kind's next occurrence.
    /// </summary>
    public partial class JobKit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "heartbeat_at",
                table: "rfm_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "progress",
                table: "rfm_runs",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "heartbeat_at",
                table: "clv_models",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "progress",
                table: "clv_models",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_schedules",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    cron = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    next_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_schedules", x => x.kind);
                });

            migrationBuilder.Sql("UPDATE rfm_runs SET heartbeat_at = coalesce(started_at, created_at) WHERE status = 'running';");
            migrationBuilder.Sql("UPDATE clv_models SET heartbeat_at = coalesce(started_at, created_at) WHERE status = 'running';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_schedules");

            migrationBuilder.DropColumn(
                name: "heartbeat_at",
                table: "rfm_runs");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "rfm_runs");

            migrationBuilder.DropColumn(
                name: "heartbeat_at",
                table: "clv_models");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "clv_models");
        }
    }
}
