using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerRetention.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The cursors of the background event reactions move from the alerts module to the event
    /// building block (<c>event_cursors</c>, EventCursor). Follow-ups' reaction to opened alerts
    /// (<c>alert-tasks</c>) and, when it has never run, the segment-entered reaction start at the
    /// head of the log as of this migration, so nothing that happens from now on is missed, even
    /// while a reaction is switched off.
    /// </summary>
    public partial class EventCursors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE alert_event_cursors RENAME TO event_cursors");
            migrationBuilder.Sql("ALTER INDEX alert_event_cursors_pkey RENAME TO event_cursors_pkey");
            migrationBuilder.Sql(
                """
                INSERT INTO event_cursors (consumer, position)
                SELECT consumer, (SELECT coalesce(max(position), 0) FROM events) FROM (VALUES ('alert-tasks'), ('segment-entered')) AS c(consumer)
                ON CONFLICT (consumer) DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM event_cursors WHERE consumer = 'alert-tasks'");
            migrationBuilder.Sql("ALTER INDEX event_cursors_pkey RENAME TO alert_event_cursors_pkey");
            migrationBuilder.Sql("ALTER TABLE event_cursors RENAME TO alert_event_cursors");
        }
    }
}
