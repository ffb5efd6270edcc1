using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>
/// Whether this instance currently finds the database unavailable, so that an outage is logged
/// as one warning when it begins and one line when it ends — not a line per refused request.
/// The API's exception handler reports each request it answers with 503; the first one of an
/// outage is the one to log. The outage ends with the next command EF Core completes that started
/// after the last refused request (<see cref="DatabaseAvailabilityInterceptor"/>). The clock must be
/// the wall clock: EF Core stamps commands with it.
/// </summary>
public sealed class DatabaseAvailability(TimeProvider clock)
{
    private readonly object _gate = new();
    private long _downSince;
    private long _refused;
    private DateTimeOffset _lastRefusedAt;

    /// <summary>Counts a request answered 503; true for the first of an outage (log it), false while it goes on.</summary>
    public bool ReportUnavailable()
    {
        lock (_gate)
        {
            _refused++;
            _lastRefusedAt = clock.GetUtcNow();
            if (_downSince != 0)
            {
                return false;
            }

            _downSince = Stopwatch.GetTimestamp();
            return true;
        }
    }

    /// <summary>
    /// A command that started at <paramref name="commandStarted"/> completed. It ends an outage only
    /// when it started after the last refused request: a command already under way when the server
    /// went down may still complete, and proves nothing about the server now. Returns how long the
    /// outage lasted and how many requests it refused, or null when there was none to end.
    /// </summary>
    public (TimeSpan Duration, long Refused)? ReportAvailable(DateTimeOffset commandStarted)
    {
        if (Volatile.Read(ref _downSince) == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_downSince == 0 || commandStarted <= _lastRefusedAt)
            {
                return null;
            }

            var outage = (Stopwatch.GetElapsedTime(_downSince), _refused);
            _downSince = 0;
            _refused = 0;
            return outage;
        }
    }
}

/// <summary>
/// Ends an outage of <see cref="DatabaseAvailability"/> when a command of EF Core completes again,
/// logging it once. A command, not an opened connection: the pool hands out an idle connection
/// without asking the server, so "opened" proves nothing while the server is down.
/// </summary>
internal sealed partial class DatabaseAvailabilityInterceptor(DatabaseAvailability availability, ILogger<DatabaseAvailability> logger)
    : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) => Answered(eventData, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Answered(eventData, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Answered(eventData, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Answered(eventData, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Answered(eventData, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Answered(eventData, result));

    private T Answered<T>(CommandEndEventData eventData, T result)
    {
        if (availability.ReportAvailable(eventData.StartTime) is var (duration, refused))
        {
            LogAvailableAgain(logger, duration.TotalSeconds, refused);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database available again after {Seconds:F1} s; {Refused} request(s) were answered 503 meanwhile")]
    private static partial void LogAvailableAgain(ILogger logger, double seconds, long refused);
}
