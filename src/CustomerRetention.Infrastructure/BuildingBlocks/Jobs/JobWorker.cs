using CustomerRetention.Infrastructure.Persistence;
using CustomerRetention.Infrastructure.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>A kind of background job kept in a table and claimed with <c>FOR UPDATE SKIP LOCKED</c>.</summary>
public interface IJobEngine
{
    /// <summary>Fails jobs left running by an instance that stopped.</summary>
    Task<int> FailAbandonedAsync(CancellationToken cancellationToken);

    /// <summary>Claims the oldest queued job for <paramref name="instance"/>, or returns null when none is queued.</summary>
    Task<Guid?> ClaimNextAsync(string instance, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a claimed job to success or to a recorded failure; a database outage
    /// (<see cref="DatabaseFailures.IsUnavailable"/>) is thrown instead, since it cannot be recorded.
    /// </summary>
    Task ExecuteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Fails jobs of this instance that a database outage interrupted, saying so.</summary>
    Task FailInterruptedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}

/// <summary>
/// The hosted loop shared by the job workers: fail abandoned jobs, run every queued job one at a
/// time, then wait for a local signal or the poll interval. Survives database outages: it logs one
/// warning when an outage starts and one line when the database answers again, polls at the usual
/// interval meanwhile, and then fails the jobs the outage interrupted with that reason.
/// </summary>
public abstract class JobWorker<TEngine>(IServiceScopeFactory scopes, JobOptions options, ILogger logger, string jobName)
    : BackgroundService
    where TEngine : IJobEngine
{
    /// <summary>Waits until this instance queued a job of this kind, or until <paramref name="timeout"/>.</summary>
    protected abstract Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Jobs of this instance interrupted by an outage, to be failed when the database answers.</summary>
    private readonly HashSet<Guid> _interrupted = [];
    private bool _unavailable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
                if (_unavailable)
                {
                    _unavailable = false;
                    JobLog.DatabaseAvailable(logger, jobName);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                if (!_unavailable)
                {
                    _unavailable = true;
                    JobLog.DatabaseUnavailable(logger, jobName, e.GetBaseException().Message);
                }
            }
#pragma warning disable CA1031 // the worker must survive any failure and try again later
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
            var engine = scope.ServiceProvider.GetRequiredService<TEngine>();
            if (_interrupted.Count > 0)
            {
                await engine.FailInterruptedAsync([.. _interrupted], cancellationToken);
                _interrupted.Clear();
            }

            await engine.FailAbandonedAsync(cancellationToken);
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

            try
            {
                await engine.ExecuteAsync(id.Value, cancellationToken);
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                _interrupted.Add(id.Value);
                throw;
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, {Job} worker waiting: {Reason}")]
    public static partial void DatabaseUnavailable(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database available again, {Job} worker resumed")]
    public static partial void DatabaseAvailable(ILogger logger, string job);
}
