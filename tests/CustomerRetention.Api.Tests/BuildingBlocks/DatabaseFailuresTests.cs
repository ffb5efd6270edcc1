using System.Net.Sockets;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>Which exceptions mean "the database is unavailable" (503, the workers wait) and which do not.</summary>
public sealed class DatabaseFailuresTests
{
    private static PostgresException Server(string sqlState) => new("message from the server", "FATAL", "FATAL", sqlState);

    public static TheoryData<string, Exception> Unavailable() => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connection reset mid-command", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "command timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")) },
        { "57P01 admin shutdown", Server(PostgresErrorCodes.AdminShutdown) },
        { "57P02 crash shutdown", Server(PostgresErrorCodes.CrashShutdown) },
        { "57P03 cannot connect now", Server(PostgresErrorCodes.CannotConnectNow) },
        { "53300 too many connections", Server(PostgresErrorCodes.TooManyConnections) },
        { "08006 connection failure", Server(PostgresErrorCodes.ConnectionFailure) },
        { "08001 cannot establish connection", Server("08001") },
        { "SaveChanges wrapper", new DbUpdateException("An error occurred while saving the entity changes.", new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe"))) },
        { "EF InvalidOperationException wrapper", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Server(PostgresErrorCodes.AdminShutdown)) },
        { "deeply wrapped", new InvalidOperationException("outer", new DbUpdateException("middle", new NpgsqlException("inner", new SocketException((int)SocketError.ConnectionReset)))) },
        { "one of several", new AggregateException(new InvalidOperationException("a bug"), new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))) },
    };

    public static TheoryData<string, Exception?> NotUnavailable() => new()
    {
        { "23505 unique violation", Server(PostgresErrorCodes.UniqueViolation) },
        { "23505 inside DbUpdateException", new DbUpdateException("An error occurred while saving the entity changes.", Server(PostgresErrorCodes.UniqueViolation)) },
        { "22008 bad datetime (a bug)", Server(PostgresErrorCodes.DatetimeFieldOverflow) },
        { "40001 serialization failure (transient, but the server is up)", Server(PostgresErrorCodes.SerializationFailure) },
        { "57014 query canceled", Server(PostgresErrorCodes.QueryCanceled) },
        { "42P01 undefined table", Server(PostgresErrorCodes.UndefinedTable) },
        { "plain InvalidOperationException", new InvalidOperationException("Sequence contains no elements") },
        { "NpgsqlException without a network cause", new NpgsqlException("Unknown message code: 0") },
        { "a timeout that is not the database's", new TimeoutException("The operation has timed out.") },
        { "a socket error that is not the database's", new SocketException((int)SocketError.ConnectionRefused) },
        { "cancellation", new OperationCanceledException() },
        { "nothing", null },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void An_outage_is_classified_as_unavailable(string what, Exception exception) =>
        Assert.True(DatabaseFailures.IsUnavailable(exception), what);

    [Theory]
    [MemberData(nameof(NotUnavailable))]
    public void A_mistake_or_a_bug_is_not_classified_as_unavailable(string what, Exception? exception) =>
        Assert.False(DatabaseFailures.IsUnavailable(exception), what);
}
