using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Imports;

/// <summary>The import a request names, or 404; an agent sees only the imports it uploaded (ADR 0019).</summary>
internal static class ImportLookup
{
    public static async Task<Domain.Imports.ImportJob> FindAsync(IApplicationDbContext db, IOwnerScope scope, Guid id, CancellationToken cancellationToken)
    {
        var agent = scope.OwnerId;
        return await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && (agent == null || i.OwnerScope == agent), cancellationToken)
            ?? throw new NotFoundException("Import", id);
    }
}
