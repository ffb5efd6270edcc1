using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    question = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    throttle_days = table.Column<int>(type: "integer", nullable: false),
                    expires_after_days = table.Column<int>(type: "integer", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveys", x => x.id);
                    table.CheckConstraint("ck_surveys_status", "status IN ('draft', 'active', 'archived')");
                    table.CheckConstraint("ck_surveys_type", "type IN ('nps', 'csat')");
                });

            migrationBuilder.CreateTable(
                name: "survey_sends",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    context_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    context_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    throttled_by = table.Column<Guid>(type: "uuid", nullable: true),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    response_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_sends", x => x.id);
                    table.CheckConstraint("ck_survey_sends_context", "(context_type IS NULL) = (context_id IS NULL)");
                    table.CheckConstraint("ck_survey_sends_status", "status IN ('scheduled', 'sent', 'responded', 'expired', 'throttled', 'cancelled')");
                    table.CheckConstraint("ck_survey_sends_token", "(token_hash IS NULL) = (status IN ('throttled', 'scheduled', 'cancelled') AND sent_at IS NULL)");
                    table.ForeignKey(
                        name: "fk_survey_sends_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_sends_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "survey_responses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    send_id = table.Column<Guid>(type: "uuid", nullable: true),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    survey_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    score = table.Column<int>(type: "integer", nullable: false),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rfm_run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    stage = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    interaction_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_responses", x => x.id);
                    table.CheckConstraint("ck_survey_responses_score", "(survey_type = 'nps' AND score BETWEEN 0 AND 10) OR (survey_type = 'csat' AND score BETWEEN 1 AND 5)");
                    table.CheckConstraint("ck_survey_responses_source", "source IN ('agent', 'public')");
                    table.ForeignKey(
                        name: "fk_survey_responses_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_responses_survey_sends_send_id",
                        column: x => x.send_id,
                        principalTable: "survey_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_survey_responses_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_survey_responses_customer_id",
                table: "survey_responses",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_responses_survey_created_at_id",
                table: "survey_responses",
                columns: new[] { "survey_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_responses_type_responded_at",
                table: "survey_responses",
                columns: new[] { "survey_type", "responded_at" });

            migrationBuilder.CreateIndex(
                name: "ux_survey_responses_send_id",
                table: "survey_responses",
                column: "send_id",
                unique: true,
                filter: "send_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_survey_sends_customer_sent_at",
                table: "survey_sends",
                columns: new[] { "customer_id", "sent_at" },
                filter: "sent_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_survey_sends_open_expires_at",
                table: "survey_sends",
                column: "expires_at",
                filter: "status = 'sent'");

            migrationBuilder.CreateIndex(
                name: "ix_survey_sends_survey_created_at_id",
                table: "survey_sends",
                columns: new[] { "survey_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_survey_sends_token_hash",
                table: "survey_sends",
                column: "token_hash",
                unique: true,
                filter: "token_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_created_at_id",
                table: "surveys",
                columns: new[] { "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survey_responses");

            migrationBuilder.DropTable(
                name: "survey_sends");

            migrationBuilder.DropTable(
                name: "surveys");
        }
    }
}
