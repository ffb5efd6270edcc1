namespace CustomerRetention.Application.Imports;

/// <summary>
/// Where an uploaded file waits for its job (ADR 0023): in PostgreSQL, in pieces, in the unit of
/// work's transaction, so any instance can run the job and a failed upload leaves nothing.
/// </summary>
public interface IImportUploads
{
    /// <summary>
    /// Streams <paramref name="body"/> into the upload of import <paramref name="importId"/> in the
    /// current transaction; returns its size. Throws <see cref="ImportTooLargeException"/> past
    /// <paramref name="maxBytes"/>.
    /// </summary>
    Task<long> StoreAsync(Guid importId, Stream body, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>The uploaded file is larger than <c>Imports:MaxBytes</c> (413).</summary>
public sealed class ImportTooLargeException(long maxBytes)
    : Exception($"The file is larger than the {maxBytes} bytes an import accepts (Imports:MaxBytes).")
{
    public long MaxBytes { get; } = maxBytes;
}
