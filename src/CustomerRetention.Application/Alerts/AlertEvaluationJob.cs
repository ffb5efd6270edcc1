using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Alerts;

/// <summary>The job kind of alert evaluations (settings <c>Jobs:Alerts:…</c>; the schedule evaluates every enabled window rule).</summary>
public sealed class AlertEvaluationJob : IJobKind
{
    private AlertEvaluationJob()
    {
    }

    public static string Name => "Alerts";

    /// <summary>The default schedule: daily at 02:00 (SPEC §9.1).</summary>
    public const string DefaultSchedule = "0 2 * * *";
}

/// <summary>
/// The set-based evaluation of a rule at an asOf, without writing anything (a dry-run). The
/// evaluation job runs the same statements and then applies them.
/// </summary>
public interface IAlertDryRun
{
    Task<Contracts.AlertDryRunDto> RunAsync(AlertRuleSettings rule, DateTimeOffset asOf, int limit, CancellationToken cancellationToken);
}
