using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RfmRunsAndResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One partition per succeeded run: the RFM engine builds each partition as a plain table
            // (parallel CREATE TABLE AS), indexes it and attaches it, which is far cheaper than
            // inserting a million rows into indexed tables. Old runs can be dropped as partitions.
            migrationBuilder.Sql("""
                CREATE TABLE rfm_results (
                    run_id uuid NOT NULL,
                    customer_id uuid NOT NULL,
                    recency_days integer NOT NULL,
                    frequency integer NOT NULL,
                    monetary numeric(16,2) NOT NULL,
                    r smallint NOT NULL,
                    f smallint NOT NULL,
                    m smallint NOT NULL,
                    segment character varying(50) NOT NULL
                ) PARTITION BY LIST (run_id);
                """);

            migrationBuilder.CreateTable(
                name: "rfm_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    window_days = table.Column<int>(type: "integer", nullable: true),
                    policy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    breakpoints = table.Column<string>(type: "jsonb", nullable: true),
                    segment_map = table.Column<string>(type: "jsonb", nullable: true),
                    scored_customers = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rfm_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rfm_segment_map",
                columns: table => new
                {
                    r = table.Column<int>(type: "integer", nullable: false),
                    f = table.Column<int>(type: "integer", nullable: false),
                    segment = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rfm_segment_map", x => new { x.r, x.f });
                    table.CheckConstraint("ck_rfm_segment_map_f", "f BETWEEN 1 AND 5");
                    table.CheckConstraint("ck_rfm_segment_map_r", "r BETWEEN 1 AND 5");
                });

            migrationBuilder.InsertData(
                table: "rfm_segment_map",
                columns: new[] { "f", "r", "segment" },
                values: new object[,]
                {
                    { 1, 1, "lost" },
                    { 2, 1, "lost" },
                    { 3, 1, "at-risk" },
                    { 4, 1, "at-risk" },
                    { 5, 1, "cant-lose-them" },
                    { 1, 2, "hibernating" },
                    { 2, 2, "hibernating" },
                    { 3, 2, "at-risk" },
                    { 4, 2, "at-risk" },
                    { 5, 2, "cant-lose-them" },
                    { 1, 3, "about-to-sleep" },
                    { 2, 3, "about-to-sleep" },
                    { 3, 3, "need-attention" },
                    { 4, 3, "loyal-customers" },
                    { 5, 3, "loyal-customers" },
                    { 1, 4, "promising" },
                    { 2, 4, "potential-loyalists" },
                    { 3, 4, "potential-loyalists" },
                    { 4, 4, "loyal-customers" },
                    { 5, 4, "loyal-customers" },
                    { 1, 5, "new-customers" },
                    { 2, 5, "potential-loyalists" },
                    { 3, 5, "potential-loyalists" },
                    { 4, 5, "champions" },
                    { 5, 5, "champions" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_rfm_runs_created_at_id",
                table: "rfm_runs",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_rfm_runs_status_created_at",
                table: "rfm_runs",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE rfm_results;");

            migrationBuilder.DropTable(
                name: "rfm_runs");

            migrationBuilder.DropTable(
                name: "rfm_segment_map");
        }
    }
}
