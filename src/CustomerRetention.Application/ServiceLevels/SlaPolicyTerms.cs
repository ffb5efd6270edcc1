using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.ServiceLevels.Contracts;
using CustomerRetention.Domain.ServiceLevels;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>
/// <see cref="ISlaPolicies"/> over the database: loads the policies (a handful, never many) and
/// lets <see cref="SlaPolicySelection"/> choose; the clock reads the policy's calendar as it is now.
/// </summary>
internal sealed class SlaPolicyTerms(IApplicationDbContext db) : ISlaPolicies
{
    public async Task<SlaTerms> SelectAsync(SlaFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var policies = await db.SlaPolicies.AsNoTracking().ToListAsync(cancellationToken);
        var chosen = SlaPolicySelection.Select(
                policies.Select(p => p.ToCandidate()),
                new SlaCaseFacts(facts.Priority, facts.Category, facts.Channel, facts.Segment, facts.Tags))
            ?? throw new InvalidOperationException("There is no default SLA policy (the migration seeds one and it cannot be deleted).");
        return await TermsAsync(chosen.Id, chosen.Version, chosen.Details, cancellationToken);
    }

    public async Task<SlaTerms?> GetVersionAsync(Guid policyId, int version, CancellationToken cancellationToken)
    {
        var kept = await db.SlaPolicyVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Version == version, cancellationToken);
        return kept is null ? null : await TermsAsync(kept.PolicyId, kept.Version, kept.Details, cancellationToken);
    }

    private async Task<SlaTerms> TermsAsync(Guid id, int version, SlaPolicyDetails details, CancellationToken cancellationToken)
    {
        var calendar = details.CalendarId is { } calendarId
            ? await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == calendarId, cancellationToken)
            : null;
        SlaClock? clock = details.HoursMode == HoursMode.Calendar
            ? new SlaClock(calendar?.Hours() ?? new BusinessHours(TimeZoneInfo.Utc, [], []), HoursMode.Calendar)
            : calendar is null ? null : new SlaClock(calendar.Hours(), HoursMode.Business);
        return new SlaTerms(
            id,
            version,
            details.Name,
            ApiJson.EnumValue(details.HoursMode),
            details.CalendarId,
            details.WarnAtPercent,
            [.. details.Targets.Select(t => new SlaTargetTerm(ApiJson.EnumValue(t.Metric), t.Priority, t.Minutes))],
            clock);
    }
}
