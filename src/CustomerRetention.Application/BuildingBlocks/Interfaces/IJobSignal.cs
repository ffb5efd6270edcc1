namespace CustomerRetention.Application.BuildingBlocks.Interfaces;

/// <summary>Wakes this instance's background worker when a job was queued (other instances poll).</summary>
public interface IJobSignal
{
    void Notify();
}
