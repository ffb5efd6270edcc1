using AutoMapper;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Imports;

namespace CustomerRetention.Application.Imports;

/// <summary>An import (a job) with its progress and counts.</summary>
public sealed record ImportDto
{
    public Guid Id { get; init; }

    /// <summary>customers or orders.</summary>
    public ImportKind Kind { get; init; }

    /// <summary>csv or ndjson.</summary>
    public ImportFormat Format { get; init; }

    /// <summary>queued, running, succeeded or failed.</summary>
    public JobStatus Status { get; init; }

    /// <summary>The uploaded file's size in bytes.</summary>
    public long Bytes { get; init; }

    /// <summary>Data rows in the file, known once the job has read it; null before.</summary>
    public long? TotalRows { get; init; }

    /// <summary>Rows whose chunk has committed.</summary>
    public long ProcessedRows { get; init; }

    /// <summary>Rows that created a resource.</summary>
    public long Created { get; init; }

    /// <summary>Rows that changed an existing resource.</summary>
    public long Updated { get; init; }

    /// <summary>Rows identical to the existing resource: nothing written, no event.</summary>
    public long Unchanged { get; init; }

    /// <summary>Rows refused with errors (see /errors).</summary>
    public long Failed { get; init; }

    /// <summary>Why a failed import stopped (the chunks committed before stay).</summary>
    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>One refused row: its number (CSV: the header is row 1; NDJSON: the line number), the field (null for the whole row) and why.</summary>
public sealed record ImportRowErrorDto(long Row, string? Field, string Message);

public sealed class ImportMappingProfile : Profile
{
    public ImportMappingProfile()
    {
        CreateMap<ImportJob, ImportDto>();
        CreateMap<ImportRowError, ImportRowErrorDto>();
    }
}
