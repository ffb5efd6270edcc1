using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.BuildingBlocks.Idempotency;

/// <summary>
/// The scheduled removal of idempotency keys past <c>Idempotency:RetentionHours</c> (settings
/// <c>Jobs:IdempotencyKeyRetention:…</c>; hourly unless its <c>Schedule</c> says otherwise).
/// </summary>
public sealed class IdempotencyKeyRetentionJob : IJobKind
{
    private IdempotencyKeyRetentionJob()
    {
    }

    public static string Name => "IdempotencyKeyRetention";
}
