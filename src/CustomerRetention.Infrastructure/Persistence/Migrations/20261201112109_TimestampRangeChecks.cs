using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The accepted range of timestamps and dates (ADR 10) as CHECK constraints, so that no writer
    /// (an import, a script) can store -infinity or year 1 again. NOT VALID: rows stored before
    /// the API refused such values are not checked (the migration must not fail on them); every new
    /// or updated row is. <c>ALTER TABLE … VALIDATE CONSTRAINT …</c> checks the old rows once they
    /// have been corrected.
    /// </summary>
    public partial class TimestampRangeChecks : Migration
    {
        private const string EarliestTimestamp = "1970-01-01 00:00:00+00", EndTimestamp = "2200-01-01 00:00:00+00";
        private const string EarliestBirthday = "1900-01-01", EarliestBusinessDate = "1970-01-01", EndDate = "2200-01-01";

        private static readonly (string Table, string Column, string Earliest, string End, string Name)[] Checks =
        [
            ("orders", "ordered_at", EarliestTimestamp, EndTimestamp, "ck_orders_ordered_at_range"),
            ("interactions", "occurred_at", EarliestTimestamp, EndTimestamp, "ck_interactions_occurred_at_range"),
            ("stage_transitions", "occurred_at", EarliestTimestamp, EndTimestamp, "ck_stage_transitions_occurred_at_range"),
            ("customers", "stage_entered_at", EarliestTimestamp, EndTimestamp, "ck_customers_stage_entered_at_range"),
            ("customers", "birthday", EarliestBirthday, EndDate, "ck_customers_birthday_range"),
            ("rfm_runs", "as_of", EarliestTimestamp, EndTimestamp, "ck_rfm_runs_as_of_range"),
            ("clv_models", "calibration_end", EarliestBusinessDate, EndDate, "ck_clv_models_calibration_end_range"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column, earliest, end, name) in Checks)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} >= '{earliest}' AND {column} < '{end}') NOT VALID;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _, _, _, name) in Checks)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} DROP CONSTRAINT {name};");
            }
        }
    }
}
