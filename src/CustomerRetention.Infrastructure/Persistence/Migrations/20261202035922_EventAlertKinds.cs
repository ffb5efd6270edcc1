using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The event kinds' reaction (<c>event-alerts</c>, ADR 31) starts at the head of the log as of
    /// this migration: survey responses and SLA breaches from now on open alerts, even while the
    /// reaction is switched off; those before are not reacted to.
    /// </summary>
    public partial class EventAlertKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                INSERT INTO event_cursors (consumer, position)
                SELECT 'event-alerts', coalesce(max(position), 0) FROM events
                ON CONFLICT (consumer) DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM event_cursors WHERE consumer = 'event-alerts'");
        }
    }
}
