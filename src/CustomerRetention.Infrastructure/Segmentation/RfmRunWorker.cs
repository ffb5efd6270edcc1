using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Segmentation;

/// <summary>
/// The hosted worker that runs queued RFM runs, one at a time per instance. Safe with several API
/// instances on one database: runs are claimed with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class RfmRunWorker(IServiceScopeFactory scopes, JobSignal signal, JobOptions options, ILogger<RfmRunWorker> logger)
    : JobWorker<RfmEngine>(scopes, options, logger, "RFM")
{
    protected override Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
