using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>Maps tasks with their <c>timing</c> against today in the deployment time zone.</summary>
public sealed class TaskViews(IMapper mapper, IDeploymentCalendar calendar)
{
    public TaskDto Of(FollowUpTask task) => Of(task, calendar.Today);

    public TaskDto Of(FollowUpTask task, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(task);
        return mapper.Map<TaskDto>(task) with { Timing = TaskTimingRule.Of(task.Status, task.DueOn, today) };
    }

    /// <summary>The local date a task is due on: its date, or the local date of its instant.</summary>
    public DateOnly DueOn(TaskDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return details.DueDate ?? calendar.LocalDate(details.DueAt!.Value);
    }
}
