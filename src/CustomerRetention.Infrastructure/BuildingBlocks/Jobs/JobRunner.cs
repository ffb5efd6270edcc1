using System.Globalization;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// What the kit does for every job of kind <typeparamref name="TKind"/> computed by
/// <typeparamref name="TEngine"/>: claim the oldest queued job, execute it in one transaction
/// that holds its row while a heartbeat beats, record its failure, fail the jobs of instances
/// that stopped (stale heartbeat) and the jobs a database outage interrupted.
/// </summary>
public sealed partial class JobRunner<TEngine, TKind>(
    AppDbContext db,
    TEngine engine,
    JobOptions<TKind> options,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<JobRunner<TEngine, TKind>> logger)
    where TEngine : IJobEngine
    where TKind : IJobKind
{
    private static JobDescription Job => TEngine.Description;

    /// <summary>Claims the oldest queued job for <paramref name="instance"/>, or returns null when none is queued.</summary>
    public async Task<Guid?> ClaimNextAsync(string instance, CancellationToken cancellationToken) =>
        await JobTable.ClaimNextAsync(await OpenAsync(cancellationToken), Job.Table, instance, cancellationToken);

    /// <summary>Fails the running jobs whose instance stopped (no heartbeat for <see cref="JobOptions.StaleAfterSeconds"/>), saying so.</summary>
    public async Task<int> FailStoppedAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var failed = await JobTable.FailStoppedAsync(connection, Job, TimeSpan.FromSeconds(options.Value.StaleAfterSeconds), cancellationToken);
        await AppendFailedAsync(connection, transaction, failed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (id, _) in failed)
        {
            LogStopped(logger, Job.Title, id, options.Value.StaleAfterSeconds);
        }

        return failed.Count;
    }

    /// <summary>
    /// Runs a claimed job to success or to a recorded failure; a database outage
    /// (<see cref="DatabaseFailures.IsUnavailable"/>) is thrown instead, since it cannot be recorded.
    /// </summary>
#pragma warning disable CA1031 // whatever goes wrong, the job must end as failed with its reason
    public async Task ExecuteAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        var job = new JobContext(id, connection, options.Value, clock);
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database context has no connection string.");
        await using var heartbeat = JobHeartbeat.Start(
            connectionString, Job.Table, job, TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), clock, logger);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await JobTable.HoldAsync(connection, Job.Table, id, cancellationToken);
            if (connection.PostgreSqlVersion.Major >= 14)
            {
                // A statement of an instance that died is cancelled within one heartbeat, not when it
                // would have finished: the server checks the client's socket while it runs.
                var interval = Math.Max(1000, (int)(options.Value.HeartbeatSeconds * 1000)).ToString(CultureInfo.InvariantCulture);
                await job.ExecuteAsync($"SET LOCAL client_connection_check_interval = {interval}", cancellationToken);
            }

            await engine.ExecuteAsync(job, cancellationToken);
            await JobTable.CompleteAsync(connection, Job.Table, id, cancellationToken);
            heartbeat.Stop();
            await EventLog.AppendAsync(connection, transaction, job.Events.Select(e => EventRows.OfJob(services, e)).ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && !DatabaseFailures.IsUnavailable(e))
        {
            // The user sees the engine's own reason or a fixed text, never the exception's (it may
            // be a raw PostgreSQL message); the log has the details. A database outage is not
            // caught here: the connection is gone, so the worker records it (FailInterruptedAsync)
            // when the database answers again. No beat may hold the row while it is failed.
            LogFailed(logger, e, Job.Title, id);
            await heartbeat.DisposeAsync();
            await FailAsync(connection, [id], engine.DescribeFailure(e) ?? JobErrors.Internal(Job, id), CancellationToken.None);
        }
    }
#pragma warning restore CA1031

    /// <summary>Fails jobs of this instance that a database outage interrupted, saying so.</summary>
    public async Task FailInterruptedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await FailAsync(await OpenAsync(cancellationToken), ids, JobErrors.Outage(Job), cancellationToken);

    /// <summary>Fails the jobs and appends their failure events, in one transaction.</summary>
    private async Task FailAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> ids, string error, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var failed = await JobTable.FailAsync(connection, Job.Table, ids, error, cancellationToken);
        await AppendFailedAsync(connection, transaction, failed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AppendFailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(Guid Id, string Error)> failed, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var rows = failed.Select(f => EventRows.OfJob(services, TEngine.Failed(f.Id, f.Error, now))).ToList();
        await EventLog.AppendAsync(connection, transaction, rows, cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} {JobId} failed: its instance stopped (no heartbeat for over {StaleAfterSeconds} s)")]
    private static partial void LogStopped(ILogger logger, string job, Guid jobId, double staleAfterSeconds);
}
