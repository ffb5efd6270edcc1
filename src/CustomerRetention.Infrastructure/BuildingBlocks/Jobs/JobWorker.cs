using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The hosted loop of one job kind: fail the jobs of stopped instances, run every queued job one
/// at a time, then wait for a local signal or the poll interval. Survives database outages: it
/// logs one warning when an outage starts and one line when the database answers again, polls at
/// the usual interval meanwhile, and then fails the jobs the outage interrupted with that reason.
/// Safe with several API instances on one database: jobs are claimed with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class JobWorker<TEngine, TKind>(IServiceScopeFactory scopes, JobSignal<TKind> signal, JobOptions<TKind> options, ILogger logger)
    : BackgroundService
    where TEngine : IJobEngine
    where TKind : IJobKind
{
    /// <summary>Jobs of this instance interrupted by an outage, to be failed when the database answers.</summary>
    private readonly HashSet<Guid> _interrupted = [];
    private bool _unavailable;

    private static string Name => TEngine.Description.Worker;

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
                    JobLog.DatabaseAvailable(logger, Name);
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
                    JobLog.DatabaseUnavailable(logger, Name, e.GetBaseException().Message);
                }
            }
#pragma warning disable CA1031 // the worker must survive any failure and try again later
            catch (Exception e)
#pragma warning restore CA1031
            {
                JobLog.LoopFailed(logger, e, Name);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
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
            var runner = scope.ServiceProvider.GetRequiredService<JobRunner<TEngine, TKind>>();
            if (_interrupted.Count > 0)
            {
                await runner.FailInterruptedAsync([.. _interrupted], cancellationToken);
                _interrupted.Clear();
            }

            await runner.FailStoppedAsync(cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<JobRunner<TEngine, TKind>>();
            var id = await runner.ClaimNextAsync(JobInstance.Name, cancellationToken);
            if (id is null)
            {
                return;
            }

            try
            {
                await runner.ExecuteAsync(id.Value, cancellationToken);
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
