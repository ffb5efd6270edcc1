using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.ServiceLevels;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels;

internal static class ServiceLevelLookup
{
    /// <summary>A business calendar, or 404; a stale <c>If-Match</c> is 412.</summary>
    public static async Task<BusinessCalendar> FindCalendarAsync(IQueryable<BusinessCalendar> calendars, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var calendar = await calendars.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Business calendar", id);
        return expectedVersion is { } expected && expected != calendar.Version ? throw new PreconditionFailedException() : calendar;
    }

    /// <summary>An SLA policy, or 404; a stale <c>If-Match</c> is 412.</summary>
    public static async Task<SlaPolicy> FindPolicyAsync(IQueryable<SlaPolicy> policies, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var policy = await policies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("SLA policy", id);
        return expectedVersion is { } expected && expected != policy.Version ? throw new PreconditionFailedException() : policy;
    }
}
