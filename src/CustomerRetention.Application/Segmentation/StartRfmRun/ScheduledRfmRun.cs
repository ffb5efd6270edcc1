using CustomerRetention.Application.BuildingBlocks.Jobs;
using Mediator;

namespace CustomerRetention.Application.Segmentation.StartRfmRun;

/// <summary>A scheduled RFM run: the same command as <c>POST /api/v1/rfm/runs</c> with an empty body (asOf now, all history, quantile).</summary>
internal sealed class ScheduledRfmRun(ISender sender) : IScheduledJob<RfmRunJob>
{
    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await sender.Send(new StartRfmRunCommand(new RfmRunRequest()), cancellationToken);
}
