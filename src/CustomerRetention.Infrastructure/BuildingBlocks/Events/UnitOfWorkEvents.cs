using System.Data.Common;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.BuildingBlocks.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Events;

/// <summary>
/// The events of one unit of work (one DbContext): collects what the tracked aggregates raised,
/// runs the in-process handlers wave by wave (a handler's own events are dispatched in the next
/// wave, with the causing event as their origin), and appends them all to the event log.
/// </summary>
public sealed class UnitOfWorkEvents(IServiceProvider services, ICurrentActor actor)
{
    /// <summary>How deep handlers may chain reactions before the unit of work refuses (a loop).</summary>
    public const int MaxDepth = 8;

    private readonly List<IDomainEvent> _added = [];
    private DbTransaction? _appendedIn;
    private List<PendingEvent>? _held;

    /// <summary>Whether saves keep their events for one append at the end (a batch, ADR 24) instead of appending each.</summary>
    public bool IsHolding => _held is not null;

    /// <summary>How many events are held so far (a batch item's savepoint remembers it).</summary>
    public int HeldCount => _held?.Count ?? 0;

    /// <summary>From now on the events of each save are held until <see cref="AppendHeldAsync"/>.</summary>
    public void StartHolding() => _held ??= [];

    /// <summary>Keeps a save's events for the one append at the end.</summary>
    public void Hold(IReadOnlyList<PendingEvent> events) =>
        (_held ?? throw new InvalidOperationException("Not holding events.")).AddRange(events);

    /// <summary>Forgets the events held after the first <paramref name="count"/> and any not yet dispatched: a refused batch item's.</summary>
    public void DiscardAfter(int count)
    {
        _held?.RemoveRange(count, _held.Count - count);
        _added.Clear();
    }

    /// <summary>Appends every held event as the last statements of the transaction, and stops holding.</summary>
    public async Task AppendHeldAsync(DbContext db, CancellationToken cancellationToken)
    {
        var held = _held ?? [];
        _held = null;
        if (held.Count > 0)
        {
            await AppendAsync(db, held, cancellationToken);
        }
    }

    /// <summary>An event no aggregate raises, saved with the next unit of work.</summary>
    public void Add(IDomainEvent domainEvent) => _added.Add(domainEvent);

    public bool HasPending(DbContext db) =>
        _added.Count > 0 || db.ChangeTracker.Entries<AggregateRoot>().Any(e => e.Entity.HasEvents);

    /// <summary>Runs the handlers of every pending event (and of the events they raise); returns them all, oldest first.</summary>
    public async Task<IReadOnlyList<PendingEvent>> DispatchAsync(DbContext db, CancellationToken cancellationToken)
    {
        var all = new List<PendingEvent>();
        var wave = Take(db, null);
        while (wave.Count > 0)
        {
            all.AddRange(wave);
            var next = new List<PendingEvent>();
            foreach (var pending in wave)
            {
                await DomainEventDispatch.HandleAsync(services, pending.Event, cancellationToken);
                var caused = Take(db, new EventOrigin(pending.Id, pending.Depth + 1));
                if (caused.Count > 0 && pending.Depth + 1 > MaxDepth)
                {
                    throw new InvalidOperationException(
                        $"Event handlers chained deeper than {MaxDepth} reactions (from {pending.Event.Type}): a reaction loop.");
                }

                next.AddRange(caused);
            }

            wave = next;
        }

        return all;
    }

    /// <summary>Appends the events to the log as the last statements of the context's current transaction.</summary>
    public async Task AppendAsync(DbContext db, IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Events are appended inside the unit of work's transaction.");
        if (ReferenceEquals(transaction, _appendedIn))
        {
            // A second append would take row locks while holding the log's lock (a deadlock risk) and
            // break "the append is the transaction's last step".
            throw new InvalidOperationException("A transaction that raised events saves once: call SaveChangesAsync once per transaction.");
        }

        var rows = events
            .Select(e => EventRows.Of(services, e.Id, e.Event, e.Origin is null ? actor.Name : SystemActor.SystemName, e.Origin))
            .ToList();
        await EventLog.AppendAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction, rows, cancellationToken);
        _appendedIn = transaction;
    }

    private List<PendingEvent> Take(DbContext db, EventOrigin? origin)
    {
        var taken = new List<PendingEvent>();
        foreach (var entry in db.ChangeTracker.Entries<AggregateRoot>().ToList())
        {
            taken.AddRange(entry.Entity.TakeEvents().Select(e => new PendingEvent(Guid.CreateVersion7(e.OccurredAt), e, origin)));
        }

        taken.AddRange(_added.Select(e => new PendingEvent(Guid.CreateVersion7(e.OccurredAt), e, origin)));
        _added.Clear();
        return taken.OrderBy(p => p.Event.OccurredAt).ToList();
    }
}

/// <summary>An event on its way to the log, with its id and what caused it.</summary>
public sealed record PendingEvent(Guid Id, IDomainEvent Event, EventOrigin? Origin)
{
    public int Depth => Origin?.Depth ?? 0;
}
