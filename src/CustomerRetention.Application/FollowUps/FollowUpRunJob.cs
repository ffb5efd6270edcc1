using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The job kind of follow-up runs (settings <c>Jobs:FollowUps:…</c>; daily by default, in Crm:TimeZone).</summary>
public sealed class FollowUpRunJob : IJobKind
{
    /// <summary>The default schedule: every day at 04:00 in the deployment time zone.</summary>
    public const string DefaultSchedule = "0 4 * * *";

    private FollowUpRunJob()
    {
    }

    public static string Name => "FollowUps";
}
