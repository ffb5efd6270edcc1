namespace CustomerRetention.Application.BuildingBlocks.Jobs;

/// <summary>
/// The port of a job engine: wakes this instance's worker of kind <typeparamref name="TKind"/>
/// when a job was queued (other instances find it by polling).
/// </summary>
public interface IJobSignal<TKind>
    where TKind : IJobKind
{
    void Notify();
}
