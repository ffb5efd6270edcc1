using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.FollowUps.Contracts;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.FollowUps.UpdateTask;

/// <summary>Merge-patch (RFC 7396) of an open task; the merged document is validated like a create.</summary>
public sealed record UpdateTaskCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<TaskDto>;

public sealed class UpdateTaskHandler(IApplicationDbContext db, TaskViews views, TimeProvider clock, IValidator<TaskFields> validator)
    : ICommandHandler<UpdateTaskCommand, TaskDto>
{
    public async ValueTask<TaskDto> Handle(UpdateTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskLookup.FindAsync(db.FollowUpTasks, db, command.Id, command.ExpectedVersion, cancellationToken);
        var fields = JsonMergePatch.ApplyTo(TaskFields.From(task.ToDetails()), command.Patch);
        var validation = await validator.ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        // A patch that clears ownerId leaves the task without an owner (it does not fall back to the customer's).
        var details = fields.ToDetails(null);
        task.Update(details, views.DueOn(details), clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return views.Of(task);
    }
}
