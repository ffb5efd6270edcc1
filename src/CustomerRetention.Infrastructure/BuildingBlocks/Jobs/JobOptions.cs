namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>Settings of the background job engines, RFM runs and CLV models (configuration section <c>Rfm</c>).</summary>
public sealed class JobOptions
{
    /// <summary>Session work_mem for a run's statements: the three percentile sorts over the measures fit in memory.</summary>
    public int WorkMemMegabytes { get; set; } = 256;

    /// <summary>Session maintenance_work_mem for building the run partition's indexes.</summary>
    public int MaintenanceWorkMemMegabytes { get; set; } = 512;

    public int CommandTimeoutSeconds { get; set; } = 1800;

    /// <summary>How often each instance looks for jobs queued by other instances.</summary>
    public double PollSeconds { get; set; } = 2;
}
