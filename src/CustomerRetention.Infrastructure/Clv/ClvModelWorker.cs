using CustomerRetention.Application.Common.Interfaces;
using CustomerRetention.Infrastructure.Jobs;
using CustomerRetention.Infrastructure.Rfm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Clv;

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
public sealed partial class ClvModelWorker(IServiceScopeFactory scopes, ClvJobSignal signal, RfmOptions options, ILogger<ClvModelWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the worker must survive a database outage and try again later
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopFailed(logger, e);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClvEngine>().FailAbandonedAsync(cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<ClvEngine>();
            var modelId = await engine.ClaimNextAsync(RfmRunWorker.Instance, cancellationToken);
            if (modelId is null)
            {
                return;
            }

            await engine.ExecuteAsync(modelId.Value, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The CLV worker loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
