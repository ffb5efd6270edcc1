namespace CustomerRetention.Application.BuildingBlocks.Jobs;

/// <summary>
/// What a schedule of kind <typeparamref name="TKind"/> does when it fires: queue one job with the
/// default parameters, exactly as the kind's start request would. Called inside the transaction
/// that records the firing, so the job is queued once per occurrence.
/// </summary>
public interface IScheduledJob<TKind>
    where TKind : IJobKind
{
    /// <param name="occurrence">The schedule's occurrence that fired (UTC).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken);
}
