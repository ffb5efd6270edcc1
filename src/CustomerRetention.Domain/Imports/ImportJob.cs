using CustomerRetention.Domain.BuildingBlocks.Jobs;

namespace CustomerRetention.Domain.Imports;

/// <summary>What an import creates or updates.</summary>
public enum ImportKind
{
    Customers = 1,
    Orders = 2,
}

/// <summary>How the uploaded file is written.</summary>
public enum ImportFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv = 1,

    /// <summary>One JSON object per line.</summary>
    Ndjson = 2,
}

/// <summary>
/// One import (SPEC §10.2): a job over an uploaded file, with its progress and counts. The file
/// itself is stored next to it (<c>import_uploads</c>) until the job has run.
/// </summary>
public sealed class ImportJob
{
    private ImportJob()
    {
        Actor = string.Empty;
    }

    public Guid Id { get; private set; }

    public ImportKind Kind { get; private set; }

    public ImportFormat Format { get; private set; }

    public JobStatus Status { get; private set; }

    /// <summary>The size of the uploaded file in bytes.</summary>
    public long Bytes { get; private set; }

    /// <summary>Data rows in the file; known once the job has read it (null before).</summary>
    public long? TotalRows { get; private set; }

    /// <summary>Rows whose chunk has committed (created, updated, unchanged or failed).</summary>
    public long ProcessedRows { get; private set; }

    public long Created { get; private set; }

    public long Updated { get; private set; }

    public long Unchanged { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Who uploaded the file: the actor of the changes and events it makes.</summary>
    public string Actor { get; private set; }

    /// <summary>The owner the uploader is limited to (an agent), applied to every row (ADR 0019).</summary>
    public Guid? OwnerScope { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? ClaimedBy { get; private set; }

    public static ImportJob Queue(Guid id, ImportKind kind, ImportFormat format, long bytes, string actor, Guid? ownerScope, DateTimeOffset now) => new()
    {
        Id = id,
        Kind = kind,
        Format = format,
        Bytes = bytes,
        Status = JobStatus.Queued,
        Actor = actor,
        OwnerScope = ownerScope,
        CreatedAt = now,
    };
}

/// <summary>One refused row of an import: its number (the CSV header is row 1; an NDJSON line is its line number), the field and why.</summary>
public sealed class ImportRowError
{
    private ImportRowError()
    {
        Message = string.Empty;
    }

    public Guid ImportId { get; private set; }

    public long Row { get; private set; }

    /// <summary>Orders the errors of one row.</summary>
    public int Seq { get; private set; }

    public string? Field { get; private set; }

    public string Message { get; private set; }
}
