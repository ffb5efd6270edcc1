using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The queue operations every job table shares (<c>id, status, created_at, started_at,
/// finished_at, claimed_by, error</c>). Table names are the code's own constants, never input.
/// </summary>
internal static class JobTable
{
    /// <summary>
    /// Claims the oldest queued job (<c>FOR UPDATE SKIP LOCKED</c>: two instances never claim the
    /// same one) and marks it running. Returns its id, or null when nothing is queued.
    /// </summary>
    public static async Task<Guid?> ClaimNextAsync(NpgsqlConnection connection, string table, string instance, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(
            $"""
            UPDATE {table} SET status = 'running', started_at = clock_timestamp(), claimed_by = @instance
            WHERE id = (SELECT id FROM {table} WHERE status = 'queued' ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id
            """,
            connection);
        claim.Parameters.AddWithValue("instance", instance);
        return await claim.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>
    /// Fails jobs left 'running' by an instance that stopped: the executing instance holds the
    /// job's row lock for the whole computation, so a running job that can be locked (and started
    /// over a minute ago) is abandoned.
    /// </summary>
    public static async Task<int> FailAbandonedAsync(NpgsqlConnection connection, string table, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {table} SET status = 'failed', finished_at = clock_timestamp(), error = @error
            WHERE id IN (SELECT id FROM {table} WHERE status = 'running' AND started_at < clock_timestamp() - interval '1 minute'
                         FOR UPDATE SKIP LOCKED)
            """,
            connection);
        command.Parameters.AddWithValue("error", error);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Fails the given jobs that are still 'running' and not locked by a computation, with
    /// <paramref name="error"/> (cut to 2000 characters). Returns how many were failed.
    /// </summary>
    public static async Task<int> FailAsync(NpgsqlConnection connection, string table, IReadOnlyCollection<Guid> ids, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {table} SET status = 'failed', finished_at = clock_timestamp(), error = @error
            WHERE id IN (SELECT id FROM {table} WHERE id = ANY(@ids) AND status = 'running' FOR UPDATE SKIP LOCKED)
            """,
            connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        command.Parameters.AddWithValue("error", error.Length <= 2000 ? error : error[..2000]);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
