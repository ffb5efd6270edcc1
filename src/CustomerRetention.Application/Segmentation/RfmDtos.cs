using AutoMapper;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Application.Segmentation;

/// <summary>Breakpoints b1..b4 per measure.</summary>
public sealed record BreakpointsDto(IReadOnlyList<double> RecencyDays, IReadOnlyList<double> Frequency, IReadOnlyList<double> Monetary);

/// <summary>An RFM run (a job).</summary>
public sealed record RfmRunDto
{
    public Guid Id { get; init; }

    /// <summary>queued, running, succeeded or failed.</summary>
    public JobStatus Status { get; init; }

    public DateTimeOffset AsOf { get; init; }

    /// <summary>Only orders in the last this many days before asOf count; null = all history.</summary>
    public int? WindowDays { get; init; }

    public RfmPolicy Policy { get; init; }

    /// <summary>The breakpoints used (for quantile runs: computed when the run ran).</summary>
    public BreakpointsDto? Breakpoints { get; init; }

    /// <summary>The segment map the run used.</summary>
    public IReadOnlyList<SegmentCellDto>? SegmentMap { get; init; }

    public int? ScoredCustomers { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>finishedAt − startedAt, in milliseconds.</summary>
    public double? DurationMs => StartedAt is { } s && FinishedAt is { } f ? (f - s).TotalMilliseconds : null;

    /// <summary>Why a run failed.</summary>
    public string? Error { get; init; }
}

public sealed record SegmentCellDto(int R, int F, string Segment);

public sealed record SegmentMapDto(IReadOnlyList<SegmentCellDto> Cells);

public sealed record CustomerRfmDto(RfmScoreDto? Current, IReadOnlyList<RfmScoreDto> History);

public sealed record SegmentSummaryDto(
    string Segment,
    int Customers,
    double Share,
    decimal Revenue,
    double RevenueShare,
    double? AvgRecencyDays,
    double? AvgFrequency,
    decimal? AvgMonetary);

public sealed record SegmentsDto(Guid RunId, DateTimeOffset AsOf, int ScoredCustomers, IReadOnlyList<SegmentSummaryDto> Segments);

public sealed record SegmentCustomerDto(Guid CustomerId, string Name, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

public sealed record MigrationCellDto(string? From, string? To, int Customers);

public sealed record RfmMigrationsDto(Guid FromRunId, Guid ToRunId, IReadOnlyList<MigrationCellDto> Cells);

public sealed class RfmMappingProfile : Profile
{
    public RfmMappingProfile()
    {
        CreateMap<RfmBreakpoints, BreakpointsDto>();
        CreateMap<SegmentCell, SegmentCellDto>();
        CreateMap<RfmRun, RfmRunDto>().ForMember(d => d.DurationMs, o => o.Ignore());
    }
}
