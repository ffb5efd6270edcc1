using System.Data;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.Persistence;
using Npgsql;

namespace CustomerRetention.Api.Tests.Events;

/// <summary>An append on a connection the server dropped is a database outage (503), not a programming error (500).</summary>
public sealed class EventLogAppendTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Appending_after_the_server_dropped_the_connection_is_reported_as_the_database_being_unavailable()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("SELECT 1", connection, transaction))
        {
            await insert.ExecuteScalarAsync();
        }

        await api.ExecuteAsync($"SELECT pg_terminate_backend({connection.ProcessID})");
        await using (var noticed = new NpgsqlCommand("SELECT 1", connection, transaction))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => noticed.ExecuteScalarAsync());
        }

        Assert.True(connection.FullState.HasFlag(ConnectionState.Broken) || connection.State == ConnectionState.Closed);
        var row = new EventRow(Guid.CreateVersion7(), "customer.created", DateTimeOffset.UtcNow, null, "customer", Guid.CreateVersion7(), "test", null, "{}");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventLog.AppendAsync(connection, transaction, [row], CancellationToken.None));

        Assert.True(DatabaseFailures.IsUnavailable(error), error.ToString());
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM events"));
    }
}
