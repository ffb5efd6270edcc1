using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Events;

/// <summary>One event as written to the <c>events</c> table.</summary>
public sealed record EventRow(
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    Guid? CustomerId,
    string ResourceType,
    Guid ResourceId,
    string Actor,
    string? Origin,
    string Data);

/// <summary>
/// Appends to the event log. Every writer (the unit of work, the job engines) appends as the last
/// statements of its transaction, after taking the log's transaction-scoped advisory lock: the
/// identity <c>position</c> is then drawn while no other appending transaction is open, and the
/// lock is released only after the commit is visible, so positions are handed out in commit order
/// and a reader paging by position never skips an event that commits late (ADR 0012).
/// </summary>
public static class EventLog
{
    /// <summary>The advisory lock that serialises the appends (an arbitrary constant of this application).</summary>
    public const long AppendLockKey = 0x4352_4556_454E_5453; // "CREVENTS"

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EventRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(transaction);
        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            await AppendBatchAsync(connection, transaction, rows, cancellationToken);
        }
        catch (InvalidOperationException e) when (connection.FullState.HasFlag(ConnectionState.Broken) || connection.State == ConnectionState.Closed)
        {
            // Npgsql completes the transaction of a connection that broke (the server went away
            // after the changes were written) and then reports "already completed": the change is
            // lost with the connection, which is an outage (503), not a programming error (500).
            throw new NpgsqlException(
                "The connection to the database broke before the events were appended; nothing was committed.",
                new IOException(e.Message, e));
        }
    }

    private static async Task AppendBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EventRow> rows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)");
        lockCommand.Parameters.AddWithValue("key", AppendLockKey);
        batch.BatchCommands.Add(lockCommand);
        foreach (var row in rows)
        {
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
                VALUES (@id, @type, @occurred_at, @customer_id, @resource_type, @resource_id, @actor, @origin, @data)
                """);
            insert.Parameters.AddWithValue("id", row.Id);
            insert.Parameters.AddWithValue("type", row.Type);
            insert.Parameters.AddWithValue("occurred_at", row.OccurredAt);
            insert.Parameters.AddWithValue("customer_id", NpgsqlDbType.Uuid, (object?)row.CustomerId ?? DBNull.Value);
            insert.Parameters.AddWithValue("resource_type", row.ResourceType);
            insert.Parameters.AddWithValue("resource_id", row.ResourceId);
            insert.Parameters.AddWithValue("actor", row.Actor);
            insert.Parameters.AddWithValue("origin", NpgsqlDbType.Jsonb, (object?)row.Origin ?? DBNull.Value);
            insert.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, row.Data);
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
