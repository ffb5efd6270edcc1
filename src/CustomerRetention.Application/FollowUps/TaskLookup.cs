using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps;

internal static class TaskLookup
{
    /// <summary>
    /// A task of a live customer the caller may see, or 404 (an agent asking for a task of another
    /// owner's customer gets the same 404); a stale <c>If-Match</c> is 412.
    /// </summary>
    public static async Task<FollowUpTask> FindAsync(IQueryable<FollowUpTask> tasks, IApplicationDbContext db, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var task = await tasks.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null || !await db.IsVisibleAsync(task.CustomerId, cancellationToken))
        {
            throw new NotFoundException("Task", id);
        }

        return expectedVersion is { } expected && expected != task.Version ? throw new PreconditionFailedException() : task;
    }
}
