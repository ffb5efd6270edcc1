using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCustomers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    company = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    email_key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    address = table.Column<string>(type: "jsonb", nullable: true),
                    birthday = table.Column<DateOnly>(type: "date", nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    tag_keys = table.Column<string[]>(type: "text[]", nullable: false),
                    attributes = table.Column<string>(type: "jsonb", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lifecycle_stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    stage_entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    search_text = table.Column<string>(type: "text", nullable: true, computedColumnSql: "lower(name || ' ' || coalesce(company, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))", stored: true),
                    consent_email = table.Column<bool>(type: "boolean", nullable: false),
                    consent_phone = table.Column<bool>(type: "boolean", nullable: false),
                    consent_sms = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customers_created_at_id",
                table: "customers",
                columns: new[] { "created_at", "id" },
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_name_id",
                table: "customers",
                columns: new[] { "name", "id" },
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_owner_id",
                table: "customers",
                column: "owner_id",
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_search_text_trgm",
                table: "customers",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_stage_created_at",
                table: "customers",
                columns: new[] { "lifecycle_stage", "created_at" },
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_tag_keys",
                table: "customers",
                column: "tag_keys")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_customers_updated_at_id",
                table: "customers",
                columns: new[] { "updated_at", "id" },
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_customers_email_key_live",
                table: "customers",
                column: "email_key",
                unique: true,
                filter: "archived_at IS NULL AND email_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_customers_external_id_live",
                table: "customers",
                column: "external_id",
                unique: true,
                filter: "archived_at IS NULL AND external_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customers");
        }
    }
}
