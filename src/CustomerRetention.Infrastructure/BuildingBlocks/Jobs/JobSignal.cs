using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>An in-process wake-up for the worker of kind <typeparamref name="TKind"/> (one per kind, so no worker steals another's signal); other instances find work by polling.</summary>
public sealed class JobSignal<TKind> : IJobSignal<TKind>, IDisposable
    where TKind : IJobKind
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
