using System.Threading.Channels;
using Stopwatch = System.Diagnostics.Stopwatch;
using CustomerRetention.Application.Imports;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Imports;
using CustomerRetention.Domain.Orders;
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
/// entries (orders: the automatic stage changes of completed orders), the row errors, the job's
/// counts and, last, the events, all committed together (<see cref="ImportSql"/> for customers,
/// <see cref="OrderImportSql"/> for orders). The kit's transaction only holds the job's row and
/// records the end.
/// </summary>
public sealed partial class ImportEngine(
    AppDbContext db, CustomerImportRows rows, OrderImportRows orderRows, ImportSettings settings, TimeProvider clock, ILogger<ImportEngine> logger) : IJobEngine
{
    /// <summary>How the orders table stores items (the EF model's own converter).</summary>
    private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter _itemsColumn =
        db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.Items))!.GetValueConverter()!;

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
        var (kind, format, actor, ownerScope) = await ReadJobAsync(job, cancellationToken);
        var orders = kind == ImportKind.Orders;
        var merge = orders ? OrderImportSql.Merge : ImportSql.MergeCustomers;
        var stepMs = new double[merge.Length];
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database context has no connection string.");
        await using var staging = new NpgsqlConnection(connectionString);
        await using var files = new NpgsqlConnection(connectionString);
        await staging.OpenAsync(cancellationToken);
        await files.OpenAsync(cancellationToken);
        var timeout = job.Options.CommandTimeoutSeconds;

        var watch = Stopwatch.StartNew();
        await ExecAsync(staging, timeout, $"SET work_mem = '{job.Options.WorkMemMegabytes}MB'", cancellationToken);
        await ExecAsync(staging, timeout, orders ? OrderImportSql.CreateStaging : ImportSql.CreateStaging, cancellationToken);
        long total;
        await using (var file = await ImportUploads.OpenAsync(files, job.Id, timeout, cancellationToken))
        {
            total = orders
                ? await StageAsync(staging, orderRows.Read(file, format), OrderImportSql.CopyStaging, Write, cancellationToken)
                : await StageAsync(staging, rows.Read(file, format, ownerScope), ImportSql.CopyStaging, Write, cancellationToken);
        }

        var staged = watch.ElapsedMilliseconds;
        await ExecAsync(staging, timeout, orders ? OrderImportSql.IndexAndFindDuplicates : ImportSql.IndexAndFindDuplicates, cancellationToken);
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
            await MergeChunkAsync(staging, job, merge, stepMs, actor, ownerScope, from, to, cancellationToken);
            done = Math.Min(total, done + chunk);
            job.ReportProgress(0.1 + (0.9 * done / Math.Max(1, total)));
        }

        await ExecAsync(staging, timeout, "DROP TABLE import_rows", cancellationToken);
        await SucceedAsync(job, cancellationToken);
        LogSucceeded(logger, job.Id, total, staged, watch.ElapsedMilliseconds - staged, string.Join(", ", stepMs.Select(ms => ((long)ms).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static async Task<(ImportKind Kind, ImportFormat Format, string Actor, Guid? OwnerScope)> ReadJobAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var read = job.Command("SELECT kind, format, actor, owner_scope FROM imports WHERE id = @id");
        read.Parameters.AddWithValue("id", job.Id);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Import {job.Id} does not exist.");
        }

        return (
            Enum.Parse<ImportKind>(reader.GetString(0), ignoreCase: true),
            Enum.Parse<ImportFormat>(reader.GetString(1), ignoreCase: true),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetGuid(3));
    }

    /// <summary>
    /// Reads the file and COPYs every row into <c>import_rows</c>; returns the number of data rows.
    /// Reading and checking the rows (CPU in this process) runs on its own thread, a bounded queue
    /// of batches ahead of the COPY, so both cores work.
    /// </summary>
    private async Task<long> StageAsync<TRow>(
        NpgsqlConnection staging, IEnumerable<TRow> source, string copySql, Action<NpgsqlBinaryImporter, TRow, DateTimeOffset> write, CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<List<TRow>>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var reading = Stopwatch.StartNew();
        long readingMs = 0;
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    var batch = new List<TRow>(StageBatch);
                    foreach (var row in source)
                    {
                        batch.Add(row);
                        if (batch.Count == StageBatch)
                        {
                            await queue.Writer.WriteAsync(batch, cancellationToken);
                            batch = new List<TRow>(StageBatch);
                        }
                    }

                    await queue.Writer.WriteAsync(batch, cancellationToken);
                    readingMs = reading.ElapsedMilliseconds;
                    queue.Writer.Complete();
                }
#pragma warning disable CA1031 // the reader's failure is the COPY side's failure
                catch (Exception e)
                {
                    queue.Writer.Complete(e);
                }
#pragma warning restore CA1031
            },
            cancellationToken);

        long count = 0;
        await using (var copy = await staging.BeginBinaryImportAsync(copySql, cancellationToken))
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var row in batch)
                {
                    count++;
                    write(copy, row, clock.GetUtcNow());
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await producer;
        LogStaged(logger, count, readingMs);
        return count;
    }

    private const int StageBatch = 2000;

    /// <summary>One staged row (synchronous writes: the importer buffers, and a task per value would cost more than the value).</summary>
    private static void Write(NpgsqlBinaryImporter copy, CustomerImportRow row, DateTimeOffset now)
    {
        copy.StartRow();
        copy.Write(row.Row, NpgsqlDbType.Bigint);
        copy.Write((int)row.Fields, NpgsqlDbType.Integer);
        if (row.Profile is not { } p)
        {
            WriteErrors(copy, row.Errors, ImportSql.StagingValueColumns);
            return;
        }

        copy.Write(true, NpgsqlDbType.Boolean);
        copy.WriteNull();
        copy.WriteNull();
        copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
        copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
        copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
        Text(copy, p.ExternalId);
        copy.Write(p.Type.ToString().ToLowerInvariant(), NpgsqlDbType.Text);
        copy.Write(p.Name, NpgsqlDbType.Text);
        Text(copy, p.Company);
        Text(copy, p.Email);
        Text(copy, p.Email?.ToLowerInvariant());
        Text(copy, p.Phone);
        Nullable(copy, JsonColumns.AddressConverter.ConvertToProvider(p.Address) as string, NpgsqlDbType.Jsonb);
        Nullable(copy, p.Birthday, NpgsqlDbType.Date);
        copy.Write(p.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        copy.Write(p.Tags.Select(t => t.ToLowerInvariant()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        copy.Write(p.Attributes.Count == 0 ? "{}" : (string)JsonColumns.AttributesConverter.ConvertToProvider(p.Attributes)!, NpgsqlDbType.Jsonb);
        Nullable(copy, p.OwnerId, NpgsqlDbType.Uuid);
        copy.Write(p.Consent.Email, NpgsqlDbType.Boolean);
        copy.Write(p.Consent.Sms, NpgsqlDbType.Boolean);
        copy.Write(p.Consent.Phone, NpgsqlDbType.Boolean);
        copy.Write(row.Stage.ToString().ToLowerInvariant(), NpgsqlDbType.Text);
        Nullable(copy, row.StageEnteredAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
    }

    /// <summary>One staged order row: the order Order.Create built (its id, items as the orders table stores them) and the ids its events and transition take.</summary>
    private void Write(NpgsqlBinaryImporter copy, OrderImportRow row, DateTimeOffset now)
    {
        copy.StartRow();
        copy.Write(row.Row, NpgsqlDbType.Bigint);
        if (row.Order is not { } o)
        {
            WriteErrors(copy, row.Errors, OrderImportSql.StagingValueColumns);
            return;
        }

        copy.Write(true, NpgsqlDbType.Boolean);
        copy.WriteNull();
        copy.WriteNull();
        copy.Write(o.Id, NpgsqlDbType.Uuid);
        for (var i = 0; i < 4; i++)
        {
            copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
        }

        Text(copy, o.ExternalId);
        Nullable(copy, row.CustomerId, NpgsqlDbType.Uuid);
        Text(copy, row.CustomerExternalId);
        copy.Write(o.OrderedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        copy.Write(o.Status.ToString().ToLowerInvariant(), NpgsqlDbType.Text);
        Text(copy, row.StatusReason);
        copy.Write(o.Amount, NpgsqlDbType.Numeric);
        copy.Write(o.Currency, NpgsqlDbType.Text);
        copy.Write((string)_itemsColumn.ConvertToProvider(o.Items)!, NpgsqlDbType.Jsonb);
        Text(copy, o.Channel?.ToString().ToLowerInvariant());
        Text(copy, o.Notes);
        copy.Write((int)row.Given, NpgsqlDbType.Integer);
        copy.Write(row.State!, NpgsqlDbType.Jsonb);
    }

    /// <summary>A refused row's errors, and nulls for its <paramref name="valueColumns"/> value columns.</summary>
    private static void WriteErrors(NpgsqlBinaryImporter copy, IReadOnlyList<ImportRowErrorDto> errors, int valueColumns)
    {
        copy.Write(false, NpgsqlDbType.Boolean);
        copy.Write(errors.Select(e => e.Field ?? string.Empty).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        copy.Write(errors.Select(e => e.Message).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        for (var i = 0; i < valueColumns; i++)
        {
            copy.WriteNull();
        }
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value) => Nullable(copy, value, NpgsqlDbType.Text);

    private static void Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : class
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, type);
        }
    }

    private static void Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            copy.Write(v, type);
        }
        else
        {
            copy.WriteNull();
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
    private async Task MergeChunkAsync(
        NpgsqlConnection staging, JobContext job, string[] merge, double[] stepMs, string actor, Guid? ownerScope, long from, long to, CancellationToken cancellationToken)
    {
        var now = Application.BuildingBlocks.Time.UtcNowMicroseconds(clock);
        try
        {
            await using var transaction = await staging.BeginTransactionAsync(cancellationToken);
            for (var i = 0; i < merge.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await using var command = new NpgsqlCommand(merge[i], staging, transaction) { CommandTimeout = job.Options.CommandTimeoutSeconds };
                command.Parameters.AddWithValue("id", job.Id);
                command.Parameters.AddWithValue("from", from);
                command.Parameters.AddWithValue("to", to);
                command.Parameters.AddWithValue("now", now);
                command.Parameters.AddWithValue("actor", actor);
                command.Parameters.AddWithValue("scope", NpgsqlDbType.Uuid, (object?)ownerScope ?? DBNull.Value);
                command.Parameters.AddWithValue("lock", EventLog.AppendLockKey);
                await command.ExecuteNonQueryAsync(cancellationToken);
                stepMs[i] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Import staged {Rows} rows; reading and checking them took {ReadingMs} ms")]
    private static partial void LogStaged(ILogger logger, long rows, long readingMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} succeeded: {Rows} rows (staged in {StagedMs} ms, merged in {MergedMs} ms; merge steps {StepMs} ms)")]
    private static partial void LogSucceeded(ILogger logger, Guid importId, long rows, long stagedMs, long mergedMs, string stepMs);
}

/// <summary>A chunk's transaction failed as a whole; the message is the user's reason.</summary>
public sealed class ChunkFailedException(string message, Exception inner) : Exception(message, inner);
