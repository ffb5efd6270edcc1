namespace CustomerRetention.Application.BuildingBlocks.Interfaces;

/// <summary>
/// The transaction of a batch (<see cref="IApplicationDbContext.BeginBatchAsync"/>): every item runs
/// between <see cref="BeginItemAsync"/> and <see cref="EndItemAsync"/> (a savepoint), a refused
/// item is undone with <see cref="RollBackItemAsync"/> (its writes and events), and
/// <see cref="CommitAsync"/> appends the kept items' events and commits them all together.
/// Disposing without committing rolls everything back.
/// </summary>
public interface IBatchTransaction : IAsyncDisposable
{
    Task BeginItemAsync(CancellationToken cancellationToken);

    Task EndItemAsync(CancellationToken cancellationToken);

    Task RollBackItemAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
