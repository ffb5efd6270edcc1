using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.FollowUps.Contracts;
using Mediator;

namespace CustomerRetention.Application.FollowUps.CancelTask;

/// <summary>Cancel an open task (<c>task.cancelled</c>); a closed task is a 409 <c>task-not-open</c>.</summary>
public sealed record CancelTaskCommand(Guid Id, string Actor, uint? ExpectedVersion) : ICommand<TaskDto>;

public sealed class CancelTaskHandler(IApplicationDbContext db, TaskViews views, TimeProvider clock) : ICommandHandler<CancelTaskCommand, TaskDto>
{
    public async ValueTask<TaskDto> Handle(CancelTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskLookup.FindAsync(db.FollowUpTasks, db, command.Id, command.ExpectedVersion, cancellationToken);
        task.Cancel(command.Actor, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return views.Of(task);
    }
}
