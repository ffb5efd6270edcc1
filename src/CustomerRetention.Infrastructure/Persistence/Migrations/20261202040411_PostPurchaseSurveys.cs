using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PostPurchaseSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_survey_sends_token",
                table: "survey_sends");

            migrationBuilder.AddColumn<string>(
                name: "dedupe_key",
                table: "survey_sends",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_survey_sends_dedupe_key",
                table: "survey_sends",
                column: "dedupe_key",
                unique: true,
                filter: "dedupe_key IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_survey_sends_token",
                table: "survey_sends",
                sql: "(token_hash IS NULL) = (status IN ('throttled', 'scheduled', 'cancelled') AND sent_at IS NULL) OR (token_hash IS NULL AND sent_at IS NOT NULL AND dedupe_key IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_survey_sends_dedupe_key",
                table: "survey_sends");

            migrationBuilder.DropCheckConstraint(
                name: "ck_survey_sends_token",
                table: "survey_sends");

            migrationBuilder.DropColumn(
                name: "dedupe_key",
                table: "survey_sends");

            migrationBuilder.AddCheckConstraint(
                name: "ck_survey_sends_token",
                table: "survey_sends",
                sql: "(token_hash IS NULL) = (status IN ('throttled', 'scheduled', 'cancelled') AND sent_at IS NULL)");
        }
    }
}
