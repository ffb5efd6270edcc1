using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>
/// The event-log data of the task events: the task as the API returns it (with its timing at the
/// time of the event). The follow-up run writes the same shapes in SQL (FollowUpSql.TaskState).
/// </summary>
internal sealed class TaskEventData(TaskViews views)
    : IEventData<TaskCreated>, IEventData<TaskUpdated>, IEventData<TaskCompleted>, IEventData<TaskCancelled>
{
    public object DataOf(TaskCreated domainEvent) => new CreatedData<JsonObject>(EventState.Of(views.Of(domainEvent.Task)));

    public object DataOf(TaskUpdated domainEvent) =>
        new UpdatedData<JsonObject>(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), EventState.Of(views.Of(domainEvent.Task)));

    public object DataOf(TaskCompleted domainEvent) => new CreatedData<JsonObject>(EventState.Of(views.Of(domainEvent.Task)));

    public object DataOf(TaskCancelled domainEvent) => new CreatedData<JsonObject>(EventState.Of(views.Of(domainEvent.Task)));
}
