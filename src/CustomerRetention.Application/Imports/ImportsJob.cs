using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Imports;

/// <summary>The job kind of imports (settings <c>Jobs:Imports:…</c>).</summary>
public sealed class ImportsJob : IJobKind
{
    private ImportsJob()
    {
    }

    public static string Name => "Imports";
}
