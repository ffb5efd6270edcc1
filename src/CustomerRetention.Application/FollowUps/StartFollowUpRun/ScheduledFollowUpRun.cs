using CustomerRetention.Application.BuildingBlocks.Jobs;
using Mediator;

namespace CustomerRetention.Application.FollowUps.StartFollowUpRun;

/// <summary>The daily follow-up run: the same command as <c>POST /api/v1/follow-up-runs</c> with an empty body (asOf today in Crm:TimeZone).</summary>
internal sealed class ScheduledFollowUpRun(ISender sender) : IScheduledJob<FollowUpRunJob>
{
    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await sender.Send(new StartFollowUpRunCommand(new FollowUpRunRequest()), cancellationToken);
}
