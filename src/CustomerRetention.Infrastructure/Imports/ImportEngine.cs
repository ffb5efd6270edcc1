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
        await ExecAsync(staging, timeout, Session(job), cancellationToken);
        await ExecAsync(staging, timeout, orders ? OrderImportSql.CreateStaging : ImportSql.CreateStaging, cancellationToken);
        long total;
        long staged;
        long? pipelined = null;
        await using (var file = await ImportUploads.OpenAsync(files, job.Id, timeout, cancellationToken))
        {
            if (orders)
            {
                await using var reading = ImportReading<OrderImportRow>.Start(orderRows.Read(file, format), 8, cancellationToken);
                total = await StageAsync(staging, reading, OrderImportSql.CopyStaging, Write, cancellationToken);
                staged = watch.ElapsedMilliseconds;
                await MergeStagedAsync(staging, job, OrderImportSql.IndexAndFindDuplicates, merge, stepMs, actor, ownerScope, total, cancellationToken);
            }
            else
            {
                // The first pass runs before the reading: beside it (on a loaded machine) it took longer than the reading it hid.
                pipelined = await ScanKeysAsync(connectionString, job, format, cancellationToken);
                await using var reading = ImportReading<CustomerImportRow>.Start(rows.Read(file, format, ownerScope), (settings.ChunkRows / StageBatch) + 2, cancellationToken);
                if (pipelined is { } known)
                {
                    total = known;
                    staged = watch.ElapsedMilliseconds;
                    await PipelineAsync(staging, connectionString, reading, job, stepMs, actor, ownerScope, total, cancellationToken);
                    LogStaged(logger, total, await reading.Done);
                }
                else
                {
                    total = await StageAsync(staging, reading, ImportSql.CopyStaging, Write, cancellationToken);
                    staged = watch.ElapsedMilliseconds;
                    await MergeStagedAsync(staging, job, ImportSql.IndexAndFindDuplicates, merge, stepMs, actor, ownerScope, total, cancellationToken);
                }
            }
        }

        await ExecAsync(staging, timeout, "DROP TABLE IF EXISTS import_rows; DROP TABLE IF EXISTS import_chunk", cancellationToken);
        await SucceedAsync(job, cancellationToken);
        LogSucceeded(logger, job.Id, total, pipelined is not null, staged, watch.ElapsedMilliseconds - staged, string.Join(", ", stepMs.Select(ms => ((long)ms).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>After the whole file is staged: the duplicates within it, the total, then each chunk in file order.</summary>
    private async Task MergeStagedAsync(
        NpgsqlConnection staging, JobContext job, string findDuplicates, string[] merge, double[] stepMs, string actor, Guid? ownerScope, long total, CancellationToken cancellationToken)
    {
        await ExecAsync(staging, job.Options.CommandTimeoutSeconds, findDuplicates, cancellationToken);
        await SetTotalAsync(staging, job, total, cancellationToken);
        job.ReportProgress(0.1);
        var chunk = settings.ChunkRows;
        long done = 0;
        await foreach (var (from, to) in ChunksAsync(staging, chunk, cancellationToken))
        {
            await MergeChunkAsync(staging, job, merge, 0, stepMs, actor, ownerScope, from, to, cancellationToken);
            done = Math.Min(total, done + chunk);
            job.ReportProgress(0.1 + (0.9 * done / Math.Max(1, total)));
        }
    }

    /// <summary>
    /// The first pass over the stored file (<see cref="CustomerImportRows.RowsWithoutRepeatedKeys"/>),
    /// on a connection of its own (the file's connection then streams the rows).
    /// </summary>
    private static async Task<long?> ScanKeysAsync(string connectionString, JobContext job, ImportFormat format, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var file = await ImportUploads.OpenAsync(connection, job.Id, job.Options.CommandTimeoutSeconds, cancellationToken);
        return await Task.Run(() => CustomerImportRows.RowsWithoutRepeatedKeys(file, format), cancellationToken);
    }

    /// <summary>
    /// The customers pipeline, when no key of the file repeats (ADR 0023): the rows are read and
    /// checked on their own thread, and each chunk is COPYed into the temporary chunk table of one of
    /// two connections while the previous chunk is still merging on the other; a chunk's merge starts
    /// once the previous one has committed, so each sees the customers of the ones before, as in
    /// file order on one connection.
    /// </summary>
    private async Task PipelineAsync(
        NpgsqlConnection staging, string connectionString, ImportReading<CustomerImportRow> reading, JobContext job, double[] stepMs, string actor, Guid? ownerScope, long total, CancellationToken cancellationToken)
    {
        await SetTotalAsync(staging, job, total, cancellationToken);
        job.ReportProgress(0.1);
        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync(cancellationToken);
        await ExecAsync(second, job.Options.CommandTimeoutSeconds, Session(job), cancellationToken);
        await ExecAsync(second, job.Options.CommandTimeoutSeconds, ImportSql.CreateStaging, cancellationToken);
        NpgsqlConnection[] connections = [staging, second];
        var merging = Task.CompletedTask;
        var copying = Task.CompletedTask;
        long done = 0;
        var k = 0;
        try
        {
            await foreach (var rowsOfChunk in ChunkedAsync(reading.Queue, settings.ChunkRows, cancellationToken))
            {
                var connection = connections[k++ % connections.Length];
                var (from, to) = (rowsOfChunk[0].Row, rowsOfChunk[^1].Row);
                copying = CopyChunkAsync(connection, rowsOfChunk, stepMs, from, to, cancellationToken);
                await merging;
                await copying;
                merging = MergeAndReportAsync(connection, rowsOfChunk.Count, from, to);
            }

            await merging;
        }
        finally
        {
            // Neither connection is disposed while a COPY or merge still runs on it.
            await Task.WhenAll(copying, merging).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        async Task MergeAndReportAsync(NpgsqlConnection connection, int count, long from, long to)
        {
            await MergeChunkAsync(connection, job, ImportSql.MergeCustomers, 1, stepMs, actor, ownerScope, from, to, cancellationToken);
            done += count;
            job.ReportProgress(0.1 + (0.9 * done / Math.Max(1, total)));
        }
    }

    /// <summary>A chunk's rows into the connection's <c>import_chunk</c> (the first merge step's time); a failure is the chunk's.</summary>
    private async Task CopyChunkAsync(NpgsqlConnection connection, List<CustomerImportRow> rowsOfChunk, double[] stepMs, long from, long to, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await CopyAsync(connection, ImportSql.CopyChunk, AsyncEnumerable.Repeat(rowsOfChunk, 1), Write, cancellationToken);
        }
        catch (PostgresException e)
        {
            throw ChunkFailed(e, from, to);
        }

        stepMs[0] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// The job's connections: its <c>work_mem</c>, and no JIT compilation — each chunk's statements
    /// are planned anew and the joins' estimates pass the JIT threshold, so every chunk compiled
    /// them again (measured: 13 ms of compiling for a 120 ms lookup of 50 000 rows).
    /// </summary>
    private static string Session(JobContext job) => $"SET work_mem = '{job.Options.WorkMemMegabytes}MB'; SET jit = off";

    private static async Task SetTotalAsync(NpgsqlConnection staging, JobContext job, long total, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("UPDATE imports SET total_rows = @total WHERE id = @id", staging);
        count.Parameters.AddWithValue("total", total);
        count.Parameters.AddWithValue("id", job.Id);
        await count.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>COPYs every row the reading yields into <c>import_rows</c>; returns the number of data rows.</summary>
    private async Task<long> StageAsync<TRow>(
        NpgsqlConnection staging, ImportReading<TRow> reading, string copySql, Action<NpgsqlBinaryImporter, TRow, DateTimeOffset> write, CancellationToken cancellationToken)
    {
        var count = await CopyAsync(staging, copySql, reading.Queue.ReadAllAsync(cancellationToken), write, cancellationToken);
        LogStaged(logger, count, await reading.Done);
        return count;
    }

    /// <summary>The rows of the queue in lists of <paramref name="size"/> (the last one shorter), in file order.</summary>
    private static async IAsyncEnumerable<List<TRow>> ChunkedAsync<TRow>(
        ChannelReader<List<TRow>> queue, int size, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = new List<TRow>(size);
        await foreach (var batch in queue.ReadAllAsync(cancellationToken))
        {
            foreach (var row in batch)
            {
                rows.Add(row);
                if (rows.Count == size)
                {
                    yield return rows;
                    rows = new List<TRow>(size);
                }
            }
        }

        if (rows.Count > 0)
        {
            yield return rows;
        }
    }

    /// <summary>One binary COPY of the rows of <paramref name="batches"/>; returns the number of rows.</summary>
    private async Task<long> CopyAsync<TRow>(
        NpgsqlConnection connection, string copySql, IAsyncEnumerable<List<TRow>> batches, Action<NpgsqlBinaryImporter, TRow, DateTimeOffset> write, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var copy = await connection.BeginBinaryImportAsync(copySql, cancellationToken);
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            foreach (var row in batch)
            {
                count++;
                write(copy, row, clock.GetUtcNow());
            }
        }

        await copy.CompleteAsync(cancellationToken);
        return count;
    }

    private const int StageBatch = ImportReading<CustomerImportRow>.Batch;

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
        copy.Write(row.Id, NpgsqlDbType.Uuid);
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
        copy.Write(row.State!, NpgsqlDbType.Jsonb);
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

    /// <summary>
    /// One chunk, all or nothing: merge, history, errors, counts and events in one transaction, from
    /// the statement <paramref name="first"/> on (1 when the pipeline has COPYed the chunk table already).
    /// </summary>
    private async Task MergeChunkAsync(
        NpgsqlConnection staging, JobContext job, string[] merge, int first, double[] stepMs, string actor, Guid? ownerScope, long from, long to, CancellationToken cancellationToken)
    {
        var now = Application.BuildingBlocks.Time.UtcNowMicroseconds(clock);
        try
        {
            await using var transaction = await staging.BeginTransactionAsync(cancellationToken);
            for (var i = first; i < merge.Length; i++)
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
            throw ChunkFailed(e, from, to);
        }
    }

    private static ChunkFailedException ChunkFailed(PostgresException e, long from, long to) => new(
        $"Rows {from}–{to} could not be written as a whole ({e.SqlState}{(e.ConstraintName is { } c ? $", {c}" : string.Empty)}), so none of them was; rows before {from} stay imported. A concurrent change to the same customers is the usual cause: import the file again.",
        e);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} succeeded: {Rows} rows (pipelined {Pipelined}; merging began after {StagedMs} ms and took {MergedMs} ms; merge steps {StepMs} ms)")]
    private static partial void LogSucceeded(ILogger logger, Guid importId, long rows, bool pipelined, long stagedMs, long mergedMs, string stepMs);
}

/// <summary>
/// The rows of a file read and checked on a thread of their own (CPU in this process, so both cores
/// work), up to <c>capacity</c> batches ahead of their consumer. <see cref="Done"/> ends (with the
/// milliseconds spent reading, not waiting for the consumer) once the source is read or has failed
/// (the queue then completes with the reason); disposing stops a reader that is still waiting.
/// </summary>
internal sealed class ImportReading<TRow> : IAsyncDisposable
{
    /// <summary>Rows per batch of the queue.</summary>
    public const int Batch = 2000;

    private readonly CancellationTokenSource _stop;

    private ImportReading(ChannelReader<List<TRow>> queue, Task<long> done, CancellationTokenSource stop) => (Queue, Done, _stop) = (queue, done, stop);

    public ChannelReader<List<TRow>> Queue { get; }

    public Task<long> Done { get; }

    public static ImportReading<TRow> Start(IEnumerable<TRow> source, int capacity, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<List<TRow>>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var done = Task.Run(
            async () =>
            {
                var reading = Stopwatch.StartNew();
                long waiting = 0;
                try
                {
                    var batch = new List<TRow>(Batch);
                    foreach (var row in source)
                    {
                        batch.Add(row);
                        if (batch.Count == Batch)
                        {
                            var started = Stopwatch.GetTimestamp();
                            await queue.Writer.WriteAsync(batch, stop.Token);
                            waiting += (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                            batch = new List<TRow>(Batch);
                        }
                    }

                    await queue.Writer.WriteAsync(batch, stop.Token);
                    queue.Writer.Complete();
                }
#pragma warning disable CA1031 // the reader's failure is the consumer's failure
                catch (Exception e)
                {
                    queue.Writer.Complete(e);
                }
#pragma warning restore CA1031

                return reading.ElapsedMilliseconds - waiting;
            },
            CancellationToken.None);
        return new ImportReading<TRow>(queue.Reader, done, stop);
    }

    /// <summary>Stops the reader if its consumer gave up (a failed COPY or chunk) and waits for it, so the file is not closed under it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Done;
        _stop.Dispose();
    }
}

/// <summary>A chunk's transaction failed as a whole; the message is the user's reason.</summary>
public sealed class ChunkFailedException(string message, Exception inner) : Exception(message, inner);
