using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts;

internal static class AlertRuleLookup
{
    /// <summary>A live rule for update, or 404; a stale <c>If-Match</c> is 412.</summary>
    public static async Task<AlertRule> FindAsync(IApplicationDbContext db, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id && r.DeletedAt == null, cancellationToken)
            ?? throw new NotFoundException("Alert rule", id);
        return expectedVersion is { } expected && expected != rule.RowVersion ? throw new PreconditionFailedException() : rule;
    }

    /// <summary>The checks that need the database: the key is free among live rules (409), and every segment named exists (400).</summary>
    public static async Task CheckAsync(IApplicationDbContext db, AlertRuleDetails details, Guid? self, CancellationToken cancellationToken)
    {
        if (await db.AlertRules.AnyAsync(r => r.Key == details.Key && r.DeletedAt == null && r.Id != self, cancellationToken))
        {
            throw new DomainException("alert-rule-key-taken", $"An alert rule with key '{details.Key}' already exists.", new Dictionary<string, object?> { ["key"] = details.Key });
        }

        await CheckSegmentsAsync(db, AlertRuleSettings.From(details), string.Empty, cancellationToken);
    }

    /// <summary>Refuses (400, paths under <paramref name="prefix"/>) segments that do not exist: a misspelt segment would silently match nobody.</summary>
    public static async Task CheckSegmentsAsync(IApplicationDbContext db, AlertRuleSettings settings, string prefix, CancellationToken cancellationToken)
    {
        var named = settings.NamedSegments();
        if (named.Count == 0)
        {
            return;
        }

        var known = await db.SegmentKeysAsync(cancellationToken);
        var failures = named.Where(n => !known.Contains(n.Segment))
            .Select(n => new ValidationFailure(prefix + n.Path, $"'{n.Segment}' is not a segment. Known segments: {string.Join(", ", known)}."))
            .ToList();
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
    }
}
