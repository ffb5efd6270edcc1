using Stopwatch = System.Diagnostics.Stopwatch;
using CustomerRetention.Application.Imports;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Imports;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Imports;

/// <summary>
/// Runs imports (SPEC §10.2, ADR 0023). On a connection of its own: the stored file is read row by
/// row, each row checked with the single create's validator, and every row (valid or not, with its
/// errors) goes by binary COPY into a temporary staging table; duplicates within the file are
/// found set-based; then each chunk of <c>Imports:ChunkRows</c> rows is one transaction: one
/// set-based merge by externalId (insert, update, or nothing), the creations' first stage-history
/// entries, the row errors, the job's counts and, last, the <c>customer.created</c> /
/// <c>customer.updated</c> events, all committed together. The kit's transaction only holds the
/// job's row and records the end.
/// </summary>
public sealed partial class ImportEngine(AppDbContext db, CustomerImportRows rows, ImportSettings settings, TimeProvider clock, ILogger<ImportEngine> logger) : IJobEngine
{
    /// <inheritdoc />
    public static JobDescription Description { get; } =
        new("imports", "Import", "Imports", "CustomerRetention.Infrastructure.Imports.ImportWorker", "import", "rows");

    /// <inheritdoc />
    public static IDomainEvent Failed(Guid id, string reason, DateTimeOffset occurredAt) => new ImportFailed(id, reason, occurredAt);

    /// <inheritdoc />
    public string? DescribeFailure(Exception exception) => exception switch
    {
        InvalidDataException e => $"The file cannot be read: {e.Message} Rows of earlier chunks stay imported.",
        ChunkFailedException e => e.Message,
        _ => null,
    };

    /// <inheritdoc />
    public async Task ExecuteAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (format, actor, ownerScope) = await ReadJobAsync(job, cancellationToken);
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database context has no connection string.");
        await using var staging = new NpgsqlConnection(connectionString);
        await using var files = new NpgsqlConnection(connectionString);
        await staging.OpenAsync(cancellationToken);
        await files.OpenAsync(cancellationToken);
        var timeout = job.Options.CommandTimeoutSeconds;

        var watch = Stopwatch.StartNew();
        await ExecAsync(staging, timeout, $"SET work_mem = '{job.Options.WorkMemMegabytes}MB'", cancellationToken);
        await ExecAsync(staging, timeout, ImportSql.CreateStaging, cancellationToken);
        long total;
        await using (var file = await ImportUploads.OpenAsync(files, job.Id, timeout, cancellationToken))
        {
            total = await StageAsync(staging, file, format, ownerScope, cancellationToken);
        }

        var staged = watch.ElapsedMilliseconds;
        await ExecAsync(staging, timeout, ImportSql.IndexAndFindDuplicates, cancellationToken);
        await using (var count = new NpgsqlCommand("UPDATE imports SET total_rows = @total WHERE id = @id", staging))
        {
            count.Parameters.AddWithValue("total", total);
            count.Parameters.AddWithValue("id", job.Id);
            await count.ExecuteNonQueryAsync(cancellationToken);
        }

        job.ReportProgress(0.1);
        var chunk = settings.ChunkRows;
        long done = 0;
        await foreach (var (from, to) in ChunksAsync(staging, chunk, cancellationToken))
        {
            await MergeChunkAsync(staging, job, actor, ownerScope, from, to, cancellationToken);
            done = Math.Min(total, done + chunk);
            job.ReportProgress(0.1 + (0.9 * done / Math.Max(1, total)));
        }

        await ExecAsync(staging, timeout, "DROP TABLE import_rows", cancellationToken);
        await SucceedAsync(job, cancellationToken);
        LogSucceeded(logger, job.Id, total, staged, watch.ElapsedMilliseconds - staged);
    }

    private static async Task<(ImportFormat Format, string Actor, Guid? OwnerScope)> ReadJobAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var read = job.Command("SELECT format, actor, owner_scope FROM imports WHERE id = @id");
        read.Parameters.AddWithValue("id", job.Id);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Import {job.Id} does not exist.");
        }

        return (Enum.Parse<ImportFormat>(reader.GetString(0), ignoreCase: true), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2));
    }

    /// <summary>Reads the file and COPYs every row into <c>import_rows</c>; returns the number of data rows.</summary>
    private async Task<long> StageAsync(NpgsqlConnection staging, Stream file, ImportFormat format, Guid? ownerScope, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var copy = await staging.BeginBinaryImportAsync(ImportSql.CopyStaging, cancellationToken);
        foreach (var row in rows.Read(file, format, ownerScope))
        {
            count++;
            var now = clock.GetUtcNow();
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(row.Row, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync((int)row.Fields, NpgsqlDbType.Integer, cancellationToken);
            if (row.Profile is not { } p)
            {
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(row.Errors.Select(e => e.Field ?? string.Empty).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Errors.Select(e => e.Message).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                for (var i = 0; i < ImportSql.StagingValueColumns; i++)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }

                continue;
            }

            await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteNullAsync(cancellationToken);
            await copy.WriteNullAsync(cancellationToken);
            await copy.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid, cancellationToken);
            await WriteTextAsync(copy, p.ExternalId, cancellationToken);
            await copy.WriteAsync(p.Type.ToString().ToLowerInvariant(), NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(p.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteTextAsync(copy, p.Company, cancellationToken);
            await WriteTextAsync(copy, p.Email, cancellationToken);
            await WriteTextAsync(copy, p.Email?.ToLowerInvariant(), cancellationToken);
            await WriteTextAsync(copy, p.Phone, cancellationToken);
            if (JsonColumns.AddressConverter.ConvertToProvider(p.Address) is string address)
            {
                await copy.WriteAsync(address, NpgsqlDbType.Jsonb, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            if (p.Birthday is { } birthday)
            {
                await copy.WriteAsync(birthday, NpgsqlDbType.Date, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(p.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(p.Tags.Select(t => t.ToLowerInvariant()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync((string)JsonColumns.AttributesConverter.ConvertToProvider(p.Attributes)!, NpgsqlDbType.Jsonb, cancellationToken);
            if (p.OwnerId is { } owner)
            {
                await copy.WriteAsync(owner, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(p.Consent.Email, NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteAsync(p.Consent.Sms, NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteAsync(p.Consent.Phone, NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteAsync(row.Stage.ToString().ToLowerInvariant(), NpgsqlDbType.Text, cancellationToken);
            if (row.StageEnteredAt is { } entered)
            {
                await copy.WriteAsync(entered.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }
        }

        await copy.CompleteAsync(cancellationToken);
        return count;
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    /// <summary>The row-number ranges of the chunks: <paramref name="size"/> staged rows each, in file order.</summary>
    private static async IAsyncEnumerable<(long From, long To)> ChunksAsync(NpgsqlConnection staging, int size, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bounds = new List<(long, long)>();
        await using (var command = new NpgsqlCommand(
            "SELECT min(row_no), max(row_no) FROM (SELECT row_no, (row_number() OVER (ORDER BY row_no) - 1) / @size AS chunk FROM import_rows) c GROUP BY chunk ORDER BY chunk",
            staging))
        {
            command.Parameters.AddWithValue("size", (long)size);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                bounds.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        foreach (var bound in bounds)
        {
            yield return bound;
        }
    }

    /// <summary>One chunk, all or nothing: merge, history, errors, counts and events in one transaction.</summary>
    private async Task MergeChunkAsync(NpgsqlConnection staging, JobContext job, string actor, Guid? ownerScope, long from, long to, CancellationToken cancellationToken)
    {
        var now = Application.BuildingBlocks.Time.UtcNowMicroseconds(clock);
        try
        {
            await using var transaction = await staging.BeginTransactionAsync(cancellationToken);
            await using (var batch = new NpgsqlBatch(staging, transaction) { Timeout = job.Options.CommandTimeoutSeconds })
            {
                foreach (var sql in ImportSql.MergeCustomers)
                {
                    var command = new NpgsqlBatchCommand(sql);
                    command.Parameters.AddWithValue("id", job.Id);
                    command.Parameters.AddWithValue("from", from);
                    command.Parameters.AddWithValue("to", to);
                    command.Parameters.AddWithValue("now", now);
                    command.Parameters.AddWithValue("actor", actor);
                    command.Parameters.AddWithValue("scope", NpgsqlDbType.Uuid, (object?)ownerScope ?? DBNull.Value);
                    command.Parameters.AddWithValue("lock", EventLog.AppendLockKey);
                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new ChunkFailedException(
                $"Rows {from}–{to} could not be written as a whole ({e.SqlState}{(e.ConstraintName is { } c ? $", {c}" : string.Empty)}), so none of them was; rows before {from} stay imported. A concurrent change to the same customers is the usual cause: import the file again.",
                e);
        }
    }

    private static async Task SucceedAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var succeed = job.Command(
            """
            UPDATE imports SET status = 'succeeded', finished_at = clock_timestamp()
            WHERE id = @id
            RETURNING created, updated, unchanged, failed
            """);
        succeed.Parameters.AddWithValue("id", job.Id);
        await using (var reader = await succeed.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            job.Raise(new ImportSucceeded(job.Id, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), job.Now));
        }

        await using var drop = job.Command("DELETE FROM import_uploads WHERE import_id = @id");
        drop.Parameters.AddWithValue("id", job.Id);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, int timeout, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeout };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} succeeded: {Rows} rows (staged in {StagedMs} ms, merged in {MergedMs} ms)")]
    private static partial void LogSucceeded(ILogger logger, Guid importId, long rows, long stagedMs, long mergedMs);
}

/// <summary>A chunk's transaction failed as a whole; the message is the user's reason.</summary>
public sealed class ChunkFailedException(string message, Exception inner) : Exception(message, inner);
