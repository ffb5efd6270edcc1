using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Alerts;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts;

internal static class AlertLookup
{
    /// <summary>An alert the caller may see (ADR 19: an agent's own customers and the alerts assigned to it) for a change, with its history; or 404. A stale <c>If-Match</c> is 412.</summary>
    public static async Task<Alert> FindAsync(IApplicationDbContext db, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.Include(a => a.History).FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Alert", id);
        return expectedVersion is { } expected && expected != alert.RowVersion ? throw new PreconditionFailedException() : alert;
    }

    /// <summary>A person's change of an alert: find it (404, 412), apply <paramref name="change"/>, save (412 on a conditional conflict), return it.</summary>
    public static async Task<AlertDto> ChangeAsync(IApplicationDbContext db, IMapper mapper, Guid id, uint? expectedVersion, Action<Alert> change, CancellationToken cancellationToken)
    {
        var alert = await FindAsync(db, id, expectedVersion, cancellationToken);
        change(alert);
        await ConditionalSave.SaveAsync(db, expectedVersion, cancellationToken);
        return mapper.Map<AlertDto>(alert);
    }
}
