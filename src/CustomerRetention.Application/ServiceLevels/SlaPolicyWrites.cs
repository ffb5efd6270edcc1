using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.ServiceLevels;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>The checks a policy write needs the database for: its calendar, and the one default.</summary>
public static class SlaPolicyWrites
{
    public const string DefaultExists = "sla-default-policy-exists";

    /// <summary>The partial unique index that keeps one default (Infrastructure creates it by this name).</summary>
    public const string DefaultIndex = "ux_sla_policies_default";

    /// <summary>The named calendar exists, and has hours when the policy counts business minutes (else 400 on <c>calendarId</c>).</summary>
    public static async Task CheckCalendarAsync(IApplicationDbContext db, SlaPolicyDetails details, CancellationToken cancellationToken)
    {
        if (details.CalendarId is not { } calendarId)
        {
            return;
        }

        var calendar = await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == calendarId, cancellationToken)
            ?? throw new DomainValidationException("calendarId", "No business calendar has this id.");
        if (details.HoursMode == HoursMode.Business && calendar.Weekly.Count == 0)
        {
            throw new DomainValidationException("calendarId", "This calendar has no weekly interval, so it cannot count business minutes: add intervals or use calendar mode.");
        }
    }

    /// <summary>A second default is a 409 naming the existing one.</summary>
    public static async Task CheckSingleDefaultAsync(IApplicationDbContext db, SlaPolicyDetails details, Guid? self, CancellationToken cancellationToken)
    {
        if (!details.IsDefault)
        {
            return;
        }

        var existing = await db.SlaPolicies.AsNoTracking().Where(p => p.IsDefault && p.Id != self).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            throw DefaultConflict(id);
        }
    }

    /// <summary>Saves; the partial unique index on the default catches a concurrent second default.</summary>
    public static async Task SaveAsync(IApplicationDbContext db, uint? expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await ConditionalSave.SaveAsync(db, expectedVersion, cancellationToken);
        }
        catch (UniqueConstraintViolationException e) when (e.ConstraintName == DefaultIndex)
        {
            throw DefaultConflict(null);
        }
    }

    private static DomainException DefaultConflict(Guid? existing) => new(
        DefaultExists,
        "There is already a default SLA policy; there is exactly one (change that one instead).",
        existing is null ? null : new Dictionary<string, object?> { ["defaultPolicyId"] = existing });
}
