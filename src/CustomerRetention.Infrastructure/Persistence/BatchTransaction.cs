using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>
/// A batch's transaction (ADR 24): a savepoint per item, the items' events held and appended once,
/// as the transaction's last statements, right before the commit — the event log's append lock is
/// taken once and only at the end, as for any unit of work (ADR 12).
/// </summary>
internal sealed class BatchTransaction(AppDbContext db, IDbContextTransaction transaction, UnitOfWorkEvents events) : IBatchTransaction
{
    private const string Savepoint = "batch_item";
    private int _heldAtItemStart;
    private bool _failed = true;

    public async Task BeginItemAsync(CancellationToken cancellationToken)
    {
        _heldAtItemStart = events.HeldCount;
        await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
    }

    public async Task EndItemAsync(CancellationToken cancellationToken)
    {
        await transaction.ReleaseSavepointAsync(Savepoint, cancellationToken);
        db.ChangeTracker.Clear(); // saved: tracking a thousand items would make every later save compare them all again
    }

    public async Task RollBackItemAsync(CancellationToken cancellationToken)
    {
        await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
        events.DiscardAfter(_heldAtItemStart);
        db.ChangeTracker.Clear(); // the refused item's entities and their raised events go with it
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await events.AppendHeldAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _failed = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_failed)
        {
            events.DiscardAfter(0);
        }

        try
        {
            await transaction.DisposeAsync();
        }
        catch (Exception) when (_failed)
        {
            // The batch's own exception says why; the server rolls back a transaction whose connection is gone.
        }
    }
}
