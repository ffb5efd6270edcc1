using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Value;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Value;

/// <summary>The in-process wake-up of the CLV model worker (separate from the RFM worker's, so neither steals the other's signal).</summary>
public sealed class ClvJobSignal : IClvJobSignal, IDisposable
{
    private readonly JobSignal _signal = new();

    public void Notify() => _signal.Notify();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// The hosted worker that fits queued CLV models, one at a time per instance. Safe with several API
/// instances on one database: models are claimed with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class ClvModelWorker(IServiceScopeFactory scopes, ClvJobSignal signal, JobOptions options, ILogger<ClvModelWorker> logger)
    : JobWorker<ClvEngine>(scopes, options, logger, "CLV")
{
    protected override Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
