namespace CustomerRetention.Domain.BuildingBlocks.Jobs;

/// <summary>Where a background job (an RFM run, a CLV model) stands.</summary>
public enum JobStatus
{
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}
