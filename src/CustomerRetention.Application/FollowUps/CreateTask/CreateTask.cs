using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Domain.FollowUps;
using Mediator;

namespace CustomerRetention.Application.FollowUps.CreateTask;

/// <summary>Create a manual task for a live customer; its owner defaults to the customer's.</summary>
public sealed record CreateTaskCommand(Guid CustomerId, TaskFields Fields) : ICommand<TaskDto>;

public sealed class CreateTaskHandler(IApplicationDbContext db, TaskViews views, TimeProvider clock) : ICommandHandler<CreateTaskCommand, TaskDto>
{
    public async ValueTask<TaskDto> Handle(CreateTaskCommand command, CancellationToken cancellationToken)
    {
        var owner = await db.OwnerOfAsync(command.CustomerId, cancellationToken);
        var details = command.Fields.ToDetails(owner);
        var task = FollowUpTask.Create(command.CustomerId, details, views.DueOn(details), clock.UtcNowMicroseconds());
        db.FollowUpTasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        return views.Of(task);
    }
}
