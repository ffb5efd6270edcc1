using System.Buffers;
using CustomerRetention.Application.Imports;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Imports;

/// <summary>
/// Uploaded files in <c>import_uploads</c> (ADR 0023): 1 MiB pieces written as the request body
/// arrives, in the upload's transaction, and read back in order by the job on any instance.
/// </summary>
public sealed class ImportUploads(AppDbContext db) : IImportUploads
{
    public const int PieceBytes = 1024 * 1024;

    /// <inheritdoc />
    public async Task<long> StoreAsync(Guid importId, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("An upload is stored inside the unit of work's transaction.");
        var buffer = ArrayPool<byte>.Shared.Rent(PieceBytes);
        try
        {
            long total = 0;
            var seq = 0;
            while (true)
            {
                var filled = 0;
                int read;
                while (filled < PieceBytes && (read = await body.ReadAsync(buffer.AsMemory(filled, PieceBytes - filled), cancellationToken)) > 0)
                {
                    filled += read;
                }

                if (filled == 0)
                {
                    return total;
                }

                total += filled;
                if (total > maxBytes)
                {
                    throw new ImportTooLargeException(maxBytes);
                }

                await using var insert = new NpgsqlCommand("INSERT INTO import_uploads (import_id, seq, data) VALUES (@id, @seq, @data)", connection, transaction);
                insert.Parameters.AddWithValue("id", importId);
                insert.Parameters.AddWithValue("seq", seq++);
                insert.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Bytea) { Value = new ReadOnlyMemory<byte>(buffer, 0, filled) });
                await insert.ExecuteNonQueryAsync(cancellationToken);
                if (filled < PieceBytes)
                {
                    return total;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The stored file of <paramref name="importId"/> as one stream, read piece by piece on <paramref name="connection"/>.</summary>
    public static async Task<Stream> OpenAsync(NpgsqlConnection connection, Guid importId, int commandTimeout, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT data FROM import_uploads WHERE import_id = @id ORDER BY seq", connection) { CommandTimeout = commandTimeout };
        command.Parameters.AddWithValue("id", importId);
        var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        return new PieceStream(command, reader);
    }

    /// <summary>Concatenates the pieces as the reader returns them (one piece in memory at a time).</summary>
    private sealed class PieceStream(NpgsqlCommand command, NpgsqlDataReader reader) : Stream
    {
        private Stream? _piece;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (true)
            {
                if (_piece is null)
                {
                    if (!reader.Read())
                    {
                        return 0;
                    }

                    _piece = reader.GetStream(0);
                }

                var read = _piece.Read(buffer);
                if (read > 0)
                {
                    return read;
                }

                _piece.Dispose();
                _piece = null;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _piece?.Dispose();
                reader.Dispose();
                command.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
