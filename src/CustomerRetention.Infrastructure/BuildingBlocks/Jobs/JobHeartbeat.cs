using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// While a job executes, writes its <c>heartbeat_at</c> and <c>progress</c> every interval on a
/// connection of its own (the job's connection is busy with the computation). A failed beat is
/// logged at Debug and retried at the next tick: during an outage the job fails on its own
/// connection anyway, and a missing beat only matters after <see cref="JobOptions.StaleAfterSeconds"/>.
/// </summary>
internal sealed partial class JobHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _disposed;

    private JobHeartbeat(string connectionString, string table, JobContext job, TimeSpan interval, TimeProvider clock, ILogger logger) =>
        _loop = BeatAsync(connectionString, table, job, interval, clock, logger);

    public static JobHeartbeat Start(string connectionString, string table, JobContext job, TimeSpan interval, TimeProvider clock, ILogger logger) =>
        new(connectionString, table, job, interval, clock, logger);

    /// <summary>Stops beating without waiting (a beat in flight may wait for the job's own transaction, so never wait for it before that commits).</summary>
    public void Stop()
    {
        if (!_disposed)
        {
            _stop.Cancel();
        }
    }

    /// <summary>Stops beating and waits until no beat is in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _stop.Cancel();
        await _loop;
        _stop.Dispose();
        _disposed = true;
    }

    private async Task BeatAsync(string connectionString, string table, JobContext job, TimeSpan interval, TimeProvider clock, ILogger logger)
    {
        await Task.Yield();
        var token = _stop.Token;
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(token);
                    await JobTable.BeatAsync(connection, table, job.Id, job.Progress, token);
                }
#pragma warning disable CA1031 // a failed beat must not end the job; the next tick tries again
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogBeatFailed(logger, job.Id, e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heartbeat of job {JobId} not written: {Reason}")]
    private static partial void LogBeatFailed(ILogger logger, Guid jobId, string reason);
}
