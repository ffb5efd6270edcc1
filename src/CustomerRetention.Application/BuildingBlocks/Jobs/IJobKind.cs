namespace CustomerRetention.Application.BuildingBlocks.Jobs;

/// <summary>
/// A kind of background job (an RFM run, a CLV model): a marker type that names the ports of its
/// engine (<see cref="IJobSignal{TKind}"/>, <see cref="IScheduledJob{TKind}"/>) and its settings.
/// </summary>
public interface IJobKind
{
    /// <summary>The kind's name in configuration (<c>Jobs:&lt;Name&gt;:…</c>) and in <c>job_schedules.kind</c>.</summary>
    static abstract string Name { get; }
}
