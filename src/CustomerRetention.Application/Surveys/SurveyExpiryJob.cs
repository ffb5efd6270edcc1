using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Surveys;

/// <summary>
/// The scheduled expiry of survey sends (settings <c>Jobs:SurveyExpiry:…</c>; every 15 minutes
/// unless its <c>Schedule</c> says otherwise): every send still <c>sent</c> whose expiresAt has
/// passed becomes <c>expired</c>, set-based, each with a <c>survey.expired</c> event. A response to
/// such a send is refused from expiresAt on whether or not the job ran yet.
/// </summary>
public sealed class SurveyExpiryJob : IJobKind
{
    public const string DefaultSchedule = "*/15 * * * *";

    private SurveyExpiryJob()
    {
    }

    public static string Name => "SurveyExpiry";
}
