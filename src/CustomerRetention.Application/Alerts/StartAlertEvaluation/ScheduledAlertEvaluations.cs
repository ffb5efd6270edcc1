using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Alerts;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.StartAlertEvaluation;

/// <summary>
/// The daily schedule (<c>Jobs:Alerts:Schedule</c>, default 02:00): one evaluation of every enabled
/// window rule at the occurrence, queued in the transaction that records the firing. A second
/// instance's firing of the same occurrence finds them queued (one per rule, version and asOf).
/// </summary>
internal sealed class ScheduledAlertEvaluations(IApplicationDbContext db, TimeProvider clock, IJobSignal<AlertEvaluationJob> signal) : IScheduledJob<AlertEvaluationJob>
{
    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var rules = await db.AlertRules.Where(r => r.Enabled && r.DeletedAt == null).ToListAsync(cancellationToken);
        foreach (var rule in rules.Where(r => AlertKinds.IsWindow(r.Kind)))
        {
            await AlertEvaluations.QueueAsync(db, rule, occurrence, EvaluationTrigger.Schedule, null, BuildingBlocks.Time.UtcNowMicroseconds(clock), cancellationToken);
        }

        signal.Notify();
    }
}
