using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.FollowUps.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.GetTask;

/// <summary>One task (those of archived customers, and for agents those of other owners' customers, are not found).</summary>
public sealed record GetTaskQuery(Guid Id) : IQuery<TaskDto>;

public sealed class GetTaskHandler(IApplicationDbContext db, TaskViews views) : IQueryHandler<GetTaskQuery, TaskDto>
{
    public async ValueTask<TaskDto> Handle(GetTaskQuery query, CancellationToken cancellationToken) =>
        views.Of(await TaskLookup.FindAsync(db.FollowUpTasks.AsNoTracking(), db, query.Id, null, cancellationToken));
}
