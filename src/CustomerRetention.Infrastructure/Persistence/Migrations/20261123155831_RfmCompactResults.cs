using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RfmCompactResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rfm_segments",
                columns: table => new
                {
                    id = table.Column<short>(type: "smallint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rfm_segments", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_rfm_segments_key",
                table: "rfm_segments",
                column: "key",
                unique: true);

            // Results store the monetary value in cents and the segment as the id of its key, so that
            // each run's segment index sorts fixed-size values (docs/performance.md). Existing results
            // are converted in place; every key in use is interned first.
            migrationBuilder.Sql(
                """
                INSERT INTO rfm_segments (key)
                SELECT key FROM (
                    SELECT segment AS key FROM rfm_segment_map
                    UNION SELECT cell ->> 'segment' FROM rfm_runs, jsonb_array_elements(segment_map) AS cell WHERE segment_map IS NOT NULL
                    UNION SELECT segment FROM rfm_results) keys
                ORDER BY key;

                ALTER TABLE rfm_results ADD COLUMN monetary_cents bigint, ADD COLUMN segment_id smallint;
                UPDATE rfm_results r SET monetary_cents = (r.monetary * 100)::bigint, segment_id = s.id FROM rfm_segments s WHERE s.key = r.segment;
                ALTER TABLE rfm_results ALTER COLUMN monetary_cents SET NOT NULL, ALTER COLUMN segment_id SET NOT NULL;
                ALTER TABLE rfm_results DROP COLUMN monetary, DROP COLUMN segment; -- drops each run's segment index too

                DO $$
                DECLARE run_partition regclass;
                BEGIN
                    FOR run_partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'rfm_results'::regclass LOOP
                        EXECUTE format('CREATE INDEX %I ON %s (segment_id, monetary_cents DESC, customer_id)', 'ix_' || run_partition::text || '_segment', run_partition);
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER TABLE rfm_results ADD COLUMN monetary numeric(16,2), ADD COLUMN segment character varying(50);
                UPDATE rfm_results r SET monetary = r.monetary_cents / 100.0, segment = s.key FROM rfm_segments s WHERE s.id = r.segment_id;
                ALTER TABLE rfm_results ALTER COLUMN monetary SET NOT NULL, ALTER COLUMN segment SET NOT NULL;
                ALTER TABLE rfm_results DROP COLUMN monetary_cents, DROP COLUMN segment_id;

                DO $$
                DECLARE run_partition regclass;
                BEGIN
                    FOR run_partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'rfm_results'::regclass LOOP
                        EXECUTE format('CREATE INDEX %I ON %s (segment, monetary DESC, customer_id)', 'ix_' || run_partition::text || '_segment', run_partition);
                    END LOOP;
                END $$;
                """);

            migrationBuilder.DropTable(
                name: "rfm_segments");
        }
    }
}
