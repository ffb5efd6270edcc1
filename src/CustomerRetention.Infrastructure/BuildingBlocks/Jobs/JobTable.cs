using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The queue operations every job table shares (<c>id, status, created_at, started_at,
/// finished_at, claimed_by, error, heartbeat_at, progress</c>). Table names are the code's own
/// constants, never input.
/// </summary>
internal static class JobTable
{
    /// <summary>
    /// Claims the oldest queued job (<c>FOR UPDATE SKIP LOCKED</c>: two instances never claim the
    /// same one), marks it running with a first heartbeat. Returns its id, or null when nothing is queued.
    /// </summary>
    public static async Task<Guid?> ClaimNextAsync(NpgsqlConnection connection, string table, string instance, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(
            $"""
            UPDATE {table} SET status = 'running', started_at = clock_timestamp(), heartbeat_at = clock_timestamp(), progress = 0,
                   claimed_by = @instance
            WHERE id = (SELECT id FROM {table} WHERE status = 'queued' ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id
            """,
            connection);
        claim.Parameters.AddWithValue("instance", instance);
        return await claim.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>
    /// Takes the executing transaction's hold on the job's row: <c>FOR KEY SHARE</c>, which the
    /// heartbeat's <c>UPDATE</c> of non-key columns does not wait for, but which the sweeps'
    /// <c>FOR UPDATE SKIP LOCKED</c> skips, so a job whose transaction is alive is never failed
    /// as stopped (for instance a job of an instance started before the kit, which writes no heartbeat).
    /// </summary>
    public static async Task HoldAsync(NpgsqlConnection connection, string table, Guid id, CancellationToken cancellationToken)
    {
        await using var hold = new NpgsqlCommand($"SELECT 1 FROM {table} WHERE id = @id FOR KEY SHARE", connection);
        hold.Parameters.AddWithValue("id", id);
        if (await hold.ExecuteScalarAsync(cancellationToken) is null)
        {
            throw new InvalidOperationException($"Job {id} does not exist in {table}.");
        }
    }

    /// <summary>Writes a running job's heartbeat and progress (nothing once it has ended).</summary>
    public static async Task BeatAsync(NpgsqlConnection connection, string table, Guid id, double progress, CancellationToken cancellationToken)
    {
        await using var beat = new NpgsqlCommand(
            $"UPDATE {table} SET heartbeat_at = clock_timestamp(), progress = @progress WHERE id = @id AND status = 'running'",
            connection);
        beat.Parameters.AddWithValue("id", id);
        beat.Parameters.AddWithValue("progress", progress);
        await beat.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks the job's progress complete, in the executing transaction, next to the engine's success step.</summary>
    public static async Task CompleteAsync(NpgsqlConnection connection, string table, Guid id, CancellationToken cancellationToken)
    {
        await using var complete = new NpgsqlCommand($"UPDATE {table} SET progress = 1, heartbeat_at = clock_timestamp() WHERE id = @id", connection);
        complete.Parameters.AddWithValue("id", id);
        await complete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Fails jobs left 'running' by an instance that stopped: no heartbeat for
    /// <paramref name="staleAfter"/> and no live transaction holding the row (see
    /// <see cref="HoldAsync"/>). The error names the instance and its last heartbeat. Returns the
    /// failed jobs' ids.
    /// </summary>
    public static async Task<List<(Guid Id, string Error)>> FailStoppedAsync(
        NpgsqlConnection connection, JobDescription job, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {job.Table} SET status = 'failed', finished_at = clock_timestamp(),
                   error = format(@error, coalesce(claimed_by, 'unknown'),
                                  to_char(coalesce(heartbeat_at, started_at, created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
            WHERE id IN (SELECT id FROM {job.Table}
                         WHERE status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < clock_timestamp() - @stale_after
                         FOR UPDATE SKIP LOCKED)
            RETURNING id, error
            """,
            connection);
        command.Parameters.AddWithValue("error", JobErrors.Stopped(job));
        command.Parameters.AddWithValue("stale_after", staleAfter);
        return await ReadFailedAsync(command, cancellationToken);
    }

    /// <summary>
    /// Fails the given jobs that are still 'running' and not held by a computation, with
    /// <paramref name="error"/> (cut to 2000 characters). Returns the failed jobs with their error.
    /// </summary>
    public static async Task<List<(Guid Id, string Error)>> FailAsync(NpgsqlConnection connection, string table, IReadOnlyCollection<Guid> ids, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {table} SET status = 'failed', finished_at = clock_timestamp(), error = @error
            WHERE id IN (SELECT id FROM {table} WHERE id = ANY(@ids) AND status = 'running' FOR UPDATE SKIP LOCKED)
            RETURNING id, error
            """,
            connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        command.Parameters.AddWithValue("error", error.Length <= 2000 ? error : error[..2000]);
        return await ReadFailedAsync(command, cancellationToken);
    }

    private static async Task<List<(Guid Id, string Error)>> ReadFailedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var failed = new List<(Guid Id, string Error)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            failed.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return failed;
    }
}
