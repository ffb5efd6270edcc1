using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Segmentation;

/// <summary>The job kind of RFM runs (settings <c>Jobs:Rfm:…</c>).</summary>
public sealed class RfmRunJob : IJobKind
{
    private RfmRunJob()
    {
    }

    public static string Name => "Rfm";
}
