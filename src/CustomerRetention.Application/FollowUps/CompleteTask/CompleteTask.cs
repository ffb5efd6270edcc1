using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Domain.FollowUps;
using AutoMapper;
using Mediator;

namespace CustomerRetention.Application.FollowUps.CompleteTask;

/// <summary>The body of a completion.</summary>
[ReadOnlyMember("completedAt", "'completedAt' is read-only: the server sets it.")]
[ReadOnlyMember("completedBy", "'completedBy' is read-only: it is the caller.")]
public sealed record TaskCompletionRequest
{
    /// <summary>reached, no-answer, left-message, not-interested, call-back-later or done. Required.</summary>
    public TaskOutcome? Outcome { get; init; }

    /// <summary>What happened, at most 10 000 characters; carried over to the interaction (default: the task's note).</summary>
    public string? Note { get; init; }
}

/// <summary>A completed task and the interaction its completion recorded.</summary>
public sealed record TaskCompletionDto(TaskDto Task, InteractionDto Interaction);

/// <summary>
/// Complete an open task. The task raises <c>task.completed</c> with a pre-generated interaction
/// id, and the Interactions module records that interaction (channel from the task type, the
/// outcome and note carried over) in the same unit of work.
/// </summary>
public sealed record CompleteTaskCommand(Guid Id, TaskCompletionRequest Request, string Actor, uint? ExpectedVersion) : ICommand<TaskCompletionDto>;

public sealed class CompleteTaskHandler(IApplicationDbContext db, TaskViews views, IMapper mapper, TimeProvider clock)
    : ICommandHandler<CompleteTaskCommand, TaskCompletionDto>
{
    public async ValueTask<TaskCompletionDto> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskLookup.FindAsync(db.FollowUpTasks, db, command.Id, command.ExpectedVersion, cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var note = string.IsNullOrWhiteSpace(command.Request.Note) ? null : command.Request.Note;
        task.Complete(command.Request.Outcome!.Value, note, command.Actor, Guid.CreateVersion7(now), now);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        var interaction = await db.FindDtoAsync(mapper, task.InteractionId!.Value, cancellationToken)
            ?? throw new InvalidOperationException($"Task {task.Id} was completed but its interaction {task.InteractionId} was not recorded.");
        return new TaskCompletionDto(views.Of(task), interaction);
    }
}
