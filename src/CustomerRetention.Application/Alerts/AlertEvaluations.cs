using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts;

/// <summary>Queues evaluations once per (rule, version, asOf): an existing one that did not fail is returned instead.</summary>
public static class AlertEvaluations
{
    public static async Task<AlertEvaluation> QueueAsync(IApplicationDbContext db, AlertRule rule, DateTimeOffset asOf, EvaluationTrigger trigger, Guid? rfmRunId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rule);
        var existing = await FindAsync(db, rule, asOf, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var evaluation = AlertEvaluation.Queue(rule, asOf, trigger, rfmRunId, now);
        db.AlertEvaluations.Add(evaluation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return evaluation;
        }
        catch (BuildingBlocks.Exceptions.UniqueConstraintViolationException)
        {
            // Another request or instance queued it between the check and the insert.
            db.ChangeTracker.Clear();
            return await FindAsync(db, rule, asOf, cancellationToken) ?? throw new InvalidOperationException("The evaluation that won the race is gone.");
        }
    }

    private static Task<AlertEvaluation?> FindAsync(IApplicationDbContext db, AlertRule rule, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        db.AlertEvaluations.AsNoTracking()
            .FirstOrDefaultAsync(e => e.RuleId == rule.Id && e.RuleVersion == rule.Version && e.AsOf == asOf && e.Status != JobStatus.Failed, cancellationToken);
}
