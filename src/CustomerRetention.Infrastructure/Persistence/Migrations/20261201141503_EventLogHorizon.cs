using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EventLogHorizon : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_log_horizon",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    purged_through = table.Column<long>(type: "bigint", nullable: false),
                    purged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_log_horizon", x => x.id);
                    table.CheckConstraint("ck_event_log_horizon_single_row", "id = 1");
                });

            migrationBuilder.InsertData(
                table: "event_log_horizon",
                columns: new[] { "id", "purged_at", "purged_through" },
                values: new object[] { 1, null, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_log_horizon");
        }
    }
}
