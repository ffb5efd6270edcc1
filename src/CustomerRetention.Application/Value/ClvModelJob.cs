using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Value;

/// <summary>The job kind of CLV models (settings <c>Jobs:Clv:…</c>).</summary>
public sealed class ClvModelJob : IJobKind
{
    private ClvModelJob()
    {
    }

    public static string Name => "Clv";
}
