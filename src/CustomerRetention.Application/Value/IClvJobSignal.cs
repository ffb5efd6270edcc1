namespace CustomerRetention.Application.Value;

/// <summary>Wakes this instance's CLV model worker when a model was queued (other instances poll).</summary>
public interface IClvJobSignal
{
    void Notify();
}
