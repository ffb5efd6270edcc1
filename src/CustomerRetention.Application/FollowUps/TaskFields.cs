using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.FollowUps;
using FluentValidation;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The client-settable fields of a task: the body of a create and the document a merge-patch updates.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("customerId", ReadOnlyReasons.CustomerId)]
[ReadOnlyMember("status", "'status' is read-only: complete or cancel the task with POST /api/v1/tasks/{id}/completion or /cancellation.")]
[ReadOnlyMember("source", "'source' is read-only: tasks created through the API are manual.")]
[ReadOnlyMember("timing", "'timing' is read-only: it is derived from the due date and today.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record TaskFields
{
    /// <summary>call, email, sms, wechat, meeting, visit or todo. Required.</summary>
    public TaskType? Type { get; init; }

    /// <summary>What to do, 1–200 characters. Required.</summary>
    public string? Subject { get; init; }

    /// <summary>At most 10 000 characters.</summary>
    public string? Note { get; init; }

    /// <summary>low, normal (default) or high.</summary>
    public TaskPriority? Priority { get; init; }

    /// <summary>The local date it is due (YYYY-MM-DD). Exactly one of dueDate and dueAt.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The instant it is due (RFC 3339). Exactly one of dueDate and dueAt.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Who is to do it; default the customer's owner.</summary>
    public Guid? OwnerId { get; init; }

    public TaskDetails ToDetails(Guid? defaultOwner) => new(
        Type!.Value,
        Subject!.Trim(),
        string.IsNullOrWhiteSpace(Note) ? null : Note,
        Priority ?? TaskPriority.Normal,
        DueDate,
        DueAt?.ToMicroseconds(),
        OwnerId ?? defaultOwner);

    public static TaskFields From(TaskDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new TaskFields
        {
            Type = details.Type,
            Subject = details.Subject,
            Note = details.Note,
            Priority = details.Priority,
            DueDate = details.DueDate,
            DueAt = details.DueAt,
            OwnerId = details.OwnerId,
        };
    }
}

/// <summary>The rules of SPEC §9.2 (the OpenAPI document reads its bounds from here).</summary>
public sealed class TaskFieldsValidator : AbstractValidator<TaskFields>
{
    public TaskFieldsValidator()
    {
        RuleFor(x => x.Type).NotNull().IsInEnum();
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(FollowUpLimits.SubjectMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'subject' must not be blank.");
        RuleFor(x => x.Note).MaximumLength(FollowUpLimits.NoteMaxLength);
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.DueDate).Must((x, date) => (date is null) != (x.DueAt is null))
            .WithMessage("Send exactly one of 'dueDate' (a local date) and 'dueAt' (an instant); to switch in a merge-patch, set the other one to null.");
        RuleFor(x => x.OwnerId).NotEqual(Guid.Empty);
    }
}
