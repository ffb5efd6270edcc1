using CustomerRetention.Infrastructure.Rfm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Jobs;

/// <summary>A kind of background job kept in a table and claimed with <c>FOR UPDATE SKIP LOCKED</c>.</summary>
public interface IJobEngine
{
    /// <summary>Fails jobs left running by an instance that stopped.</summary>
    Task<int> FailAbandonedAsync(CancellationToken cancellationToken);

    /// <summary>Claims the oldest queued job for <paramref name="instance"/>, or returns null when none is queued.</summary>
    Task<Guid?> ClaimNextAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Runs a claimed job to success or to a recorded failure.</summary>
    Task ExecuteAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>
/// The hosted loop shared by the job workers: fail abandoned jobs, run every queued job one at a
/// time, then wait for a local signal or the poll interval. Survives database outages.
/// </summary>
public abstract class JobWorker<TEngine>(IServiceScopeFactory scopes, RfmOptions options, ILogger logger, string jobName)
    : BackgroundService
    where TEngine : IJobEngine
{
    /// <summary>Waits until this instance queued a job of this kind, or until <paramref name="timeout"/>.</summary>
    protected abstract Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);

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
                JobLog.LoopFailed(logger, e, jobName);
            }

            try
            {
                await WaitForWorkAsync(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken);
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
            await scope.ServiceProvider.GetRequiredService<TEngine>().FailAbandonedAsync(cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<TEngine>();
            var id = await engine.ClaimNextAsync(JobInstance.Name, cancellationToken);
            if (id is null)
            {
                return;
            }

            await engine.ExecuteAsync(id.Value, cancellationToken);
        }
    }
}

/// <summary>This instance's name, recorded as <c>claimedBy</c>.</summary>
internal static class JobInstance
{
    public static string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}

internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The {Job} worker loop failed; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string job);
}
