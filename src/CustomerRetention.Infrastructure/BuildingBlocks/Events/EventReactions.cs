using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Events;

/// <summary>
/// A feature that reacts to events committed outside any request (by a job) reads the outbox in
/// the background (ARCHITECTURE §2b) through a cursor of its own: <see cref="EventCursor"/> claims
/// it, the reaction reads the events after it, writes its effects and moves it, all in one
/// transaction, so every event is reacted to exactly once whatever crashes in between.
/// </summary>
internal interface IEventReaction
{
    /// <summary>Reacts to the next batch of events; returns how many effects it had (0: nothing new, or another instance holds the cursor).</summary>
    Task<int> ReactAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A consumer's position in the event log (<c>event_cursors</c>), claimed for one transaction.
/// Positions are handed out in commit order (<see cref="EventLog"/>), so reading "after my
/// position" never skips an event that commits late.
/// </summary>
internal sealed class EventCursor : IAsyncDisposable
{
    private EventCursor(string consumer, NpgsqlConnection connection, NpgsqlTransaction transaction, long position)
    {
        Consumer = consumer;
        Connection = connection;
        Transaction = transaction;
        Position = position;
    }

    public string Consumer { get; }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>The position of the last event the consumer reacted to.</summary>
    public long Position { get; }

    /// <summary>
    /// Opens <paramref name="db"/>'s connection, creates the consumer's cursor at the head of the
    /// log if it has none yet (a consumer reacts to what happens after it first runs, unless a
    /// migration placed its cursor earlier), and begins a transaction holding it
    /// <c>FOR UPDATE SKIP LOCKED</c>; null when another instance is reacting.
    /// </summary>
    public static async Task<EventCursor?> ClaimAsync(AppDbContext db, string consumer, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var start = new NpgsqlCommand(
            "INSERT INTO event_cursors (consumer, position) SELECT @consumer, coalesce(max(position), 0) FROM events ON CONFLICT (consumer) DO NOTHING", connection))
        {
            start.Parameters.AddWithValue("consumer", consumer);
            await start.ExecuteNonQueryAsync(cancellationToken);
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var claim = new NpgsqlCommand("SELECT position FROM event_cursors WHERE consumer = @consumer FOR UPDATE SKIP LOCKED", connection, transaction);
        claim.Parameters.AddWithValue("consumer", consumer);
        if (await claim.ExecuteScalarAsync(cancellationToken) is long position)
        {
            return new EventCursor(consumer, connection, transaction, position);
        }

        await transaction.DisposeAsync();
        return null;
    }

    /// <summary>The position of the last of the next <paramref name="batch"/> events after the cursor; null when there are none.</summary>
    public async Task<long?> HeadAsync(int batch, CancellationToken cancellationToken)
    {
        await using var head = Command("SELECT max(position) FROM (SELECT position FROM events WHERE position > @position ORDER BY position LIMIT @batch) b");
        head.Parameters.AddWithValue("batch", batch);
        return await head.ExecuteScalarAsync(cancellationToken) as long?;
    }

    /// <summary>A command in the claim's transaction with <c>@consumer</c>, <c>@position</c> and <c>@lock</c> (the log's append lock) bound.</summary>
    public NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, Connection, Transaction);
        command.Parameters.AddWithValue("consumer", Consumer);
        command.Parameters.AddWithValue("position", Position);
        command.Parameters.AddWithValue("lock", EventLog.AppendLockKey);
        return command;
    }

    /// <summary>Moves the cursor to <paramref name="head"/> and commits the reaction's effects with it.</summary>
    public async Task AdvanceAndCommitAsync(long head, CancellationToken cancellationToken)
    {
        await using (var advance = Command("UPDATE event_cursors SET position = @head WHERE consumer = @consumer"))
        {
            advance.Parameters.AddWithValue("head", head);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        await Transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => Transaction.DisposeAsync();
}

/// <summary>How often a reaction looks for new events.</summary>
internal sealed record EventReactionOptions<TReaction>(TimeSpan Poll)
    where TReaction : IEventReaction;

/// <summary>The hosted loop of a reaction: every poll interval; an outage is logged once and waited out, any other failure logged and retried.</summary>
internal sealed class EventReactionWorker<TReaction>(IServiceScopeFactory scopes, EventReactionOptions<TReaction> options, ILogger<EventReactionWorker<TReaction>> logger) : BackgroundService
    where TReaction : IEventReaction
{
    private bool _unavailable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var name = typeof(TReaction).Name;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TReaction>().ReactAsync(stoppingToken);
                _unavailable = false;
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
                    EventReactionLog.Unavailable(logger, name, e.GetBaseException().Message);
                }
            }
#pragma warning disable CA1031 // a reaction must survive any failure and try again later
            catch (Exception e)
#pragma warning restore CA1031
            {
                EventReactionLog.Failed(logger, name, e);
            }

            try
            {
                await Task.Delay(options.Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

internal static partial class EventReactionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, the event reaction {Reaction} is waiting: {Reason}")]
    public static partial void Unavailable(ILogger logger, string reaction, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The event reaction {Reaction} failed; retrying")]
    public static partial void Failed(ILogger logger, string reaction, Exception exception);
}

public static class EventReactionRegistration
{
    /// <summary>Registers <typeparamref name="TReaction"/> (scoped) and, unless <paramref name="enabled"/> is false, its hosted loop polling every <paramref name="poll"/>.</summary>
    internal static IServiceCollection AddEventReaction<TReaction>(this IServiceCollection services, TimeSpan poll, bool enabled)
        where TReaction : class, IEventReaction
    {
        services.AddScoped<TReaction>();
        services.AddSingleton(new EventReactionOptions<TReaction>(poll));
        if (enabled)
        {
            services.AddHostedService<EventReactionWorker<TReaction>>();
        }

        return services;
    }
}
