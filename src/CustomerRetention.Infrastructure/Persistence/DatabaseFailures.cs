using System.Net.Sockets;
using Npgsql;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>
/// The one place that decides whether an exception means "PostgreSQL cannot be reached or cannot
/// serve now" (an outage: answer 503, wait, retry) rather than a mistake or a bug. Used by the
/// API's exception handler and by the job workers (docs/decisions/0009-database-outages.md).
/// </summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> or one of its inner exceptions (however EF Core or
    /// Npgsql wrap it: <c>DbUpdateException</c>, EF's <c>InvalidOperationException</c>,
    /// <c>AggregateException</c>) says the database is unavailable:
    /// <list type="bullet">
    /// <item>a <see cref="PostgresException"/> with a server-state SQLSTATE: class 08 (connection
    /// exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now,
    /// 53300 too many connections. Any other SQLSTATE is the server's answer to the statement
    /// (a constraint, bad data, a bug) and decides "not unavailable".</item>
    /// <item>an <see cref="NpgsqlException"/> caused by a socket or stream failure or a timeout
    /// (connection refused or reset, connect timeout, pool exhausted, command timeout).</item>
    /// </list>
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 1:
                    return aggregate.InnerExceptions.Any(IsUnavailable);
            }
        }

        return false;
    }

    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
