using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClvModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "clv_models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    calibration_end = table.Column<DateOnly>(type: "date", nullable: false),
                    horizon_days = table.Column<int>(type: "integer", nullable: false),
                    monthly_discount_rate = table.Column<double>(type: "double precision", nullable: false),
                    customers = table.Column<int>(type: "integer", nullable: true),
                    r = table.Column<double>(type: "double precision", nullable: true),
                    alpha = table.Column<double>(type: "double precision", nullable: true),
                    a = table.Column<double>(type: "double precision", nullable: true),
                    b = table.Column<double>(type: "double precision", nullable: true),
                    bgnbd_log_likelihood = table.Column<double>(type: "double precision", nullable: true),
                    p = table.Column<double>(type: "double precision", nullable: true),
                    q = table.Column<double>(type: "double precision", nullable: true),
                    v = table.Column<double>(type: "double precision", nullable: true),
                    gamma_gamma_log_likelihood = table.Column<double>(type: "double precision", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clv_models", x => x.id);
                    table.CheckConstraint("ck_clv_models_horizon_days", "horizon_days BETWEEN 1 AND 3650");
                    table.CheckConstraint("ck_clv_models_monthly_discount_rate", "monthly_discount_rate >= 0 AND monthly_discount_rate < 1");
                });

            migrationBuilder.CreateTable(
                name: "clv_predictions",
                columns: table => new
                {
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    frequency = table.Column<int>(type: "integer", nullable: false),
                    recency_days = table.Column<int>(type: "integer", nullable: false),
                    age_days = table.Column<int>(type: "integer", nullable: false),
                    mean_spend = table.Column<double>(type: "double precision", nullable: true),
                    p_alive = table.Column<double>(type: "double precision", nullable: false),
                    expected_purchases = table.Column<double>(type: "double precision", nullable: false),
                    expected_average_order_value = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    clv = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    churn_risk = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clv_predictions", x => new { x.model_id, x.customer_id });
                    table.CheckConstraint("ck_clv_predictions_churn_risk", "churn_risk IN ('high', 'medium', 'low')");
                    table.CheckConstraint("ck_clv_predictions_clv", "clv >= 0");
                    table.ForeignKey(
                        name: "fk_clv_predictions_clv_models_model_id",
                        column: x => x.model_id,
                        principalTable: "clv_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clv_models_created_at_id",
                table: "clv_models",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clv_models_status_created_at",
                table: "clv_models",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_clv_predictions_model_id_clv_customer_id",
                table: "clv_predictions",
                columns: new[] { "model_id", "clv", "customer_id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_clv_predictions_model_id_p_alive_customer_id",
                table: "clv_predictions",
                columns: new[] { "model_id", "p_alive", "customer_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clv_predictions");

            migrationBuilder.DropTable(
                name: "clv_models");
        }
    }
}
