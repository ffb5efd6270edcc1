using CustomerRetention.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Rfm;

/// <summary>
/// The hosted worker that runs queued RFM runs, one at a time per instance. Safe with several API
/// instances on one database: runs are claimed with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed partial class RfmRunWorker(IServiceScopeFactory scopes, JobSignal signal, RfmOptions options, ILogger<RfmRunWorker> logger)
    : BackgroundService
{
    /// <summary>This instance's name in <c>claimedBy</c>.</summary>
    public static string Instance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

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
            await scope.ServiceProvider.GetRequiredService<RfmEngine>().FailAbandonedAsync(cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<RfmEngine>();
            var runId = await engine.ClaimNextAsync(Instance, cancellationToken);
            if (runId is null)
            {
                return;
            }

            await engine.ExecuteAsync(runId.Value, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The RFM worker loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
