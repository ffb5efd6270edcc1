using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.FollowUps;
using CustomerRetention.Application.FollowUps.CancelTask;
using CustomerRetention.Application.FollowUps.CompleteTask;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Application.FollowUps.CreateTask;
using CustomerRetention.Application.FollowUps.GetTask;
using CustomerRetention.Application.FollowUps.ListTasks;
using CustomerRetention.Application.FollowUps.UpdateTask;
using CustomerRetention.Domain.FollowUps;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.FollowUps;

/// <summary>Tasks (SPEC §9.2): work for a person about a customer, created by people or by the follow-up policies.</summary>
public static class TasksEndpoints
{
    public const string Tag = "Follow-ups";

    private const string Timing = " `timing` (overdue, due-today, planned) compares an open task's local due date (its `dueDate`, or the local date of its `dueAt`) with today in the deployment time zone (`Crm:TimeZone`).";

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var perCustomer = app.MapGroup("/api/v1/customers/{id:guid}/tasks").WithTags(Tag).GuardQueryString();
        perCustomer.MapPost("/", CreateTask)
            .WithName(nameof(CreateTask))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Create a task for a customer")
            .WithDescription("`type`, `subject` and exactly one of `dueDate` (a local date) and `dueAt` (an instant) are required; `ownerId` defaults to the customer's owner, `priority` to normal. The task's `source` is manual.")
            .Accepts<TaskFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        perCustomer.MapGet("/", ListCustomerTasks)
            .WithName(nameof(ListCustomerTasks))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("A customer's tasks")
            .WithDescription("Soonest due first, keyset-paginated; the filters of `GET /api/v1/tasks`." + Timing)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/tasks", ListTasks)
            .WithTags(Tag)
            .GuardQueryString()
            .WithName(nameof(ListTasks))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("Tasks")
            .WithDescription("Soonest due first (by local due date, then id), keyset-paginated. Filters `status`, `ownerId`, `timing`, `source` and the inclusive local due-date range [`dueFrom`, `dueTo`]. Agents see the tasks of the customers they own." + Timing)
            .ProducesValidationProblem();

        var one = app.MapGroup("/api/v1/tasks/{id:guid}").WithTags(Tag).GuardQueryString();
        one.MapGet("/", GetTask)
            .WithName(nameof(GetTask))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("Get a task")
            .WithDescription("A task of a customer the caller may see." + Timing)
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateTask)
            .WithName(nameof(UpdateTask))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Update an open task (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch of `type`, `subject`, `note`, `priority`, `dueDate`, `dueAt` and `ownerId`; to switch between `dueDate` and `dueAt`, set the other to null. `If-Match` with a stale ETag → 412; a completed or cancelled task → 409 `task-not-open`.")
            .Accepts<TaskFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapPost("/completion", CompleteTask)
            .WithName(nameof(CompleteTask))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Complete a task")
            .WithDescription("Completes an open task with an `outcome` and records the touch as an outbound interaction on the customer, in the same transaction: channel from the task type (call → phone, email, sms, wechat, meeting, visit; todo → other), "
                + "type call, message, meeting, visit or note, the outcome and note carried over. Answers the task and that interaction. A completed or cancelled task → 409 `task-not-open`.")
            .Accepts<TaskCompletionRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapPost("/cancellation", CancelTask)
            .WithName(nameof(CancelTask))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Cancel a task")
            .WithDescription("Cancels an open task (no body). A completed or cancelled task → 409 `task-not-open`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    public static async Task<Created<TaskDto>> CreateTask(Guid id, JsonBody<TaskFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var task = await sender.Send(new CreateTaskCommand(id, body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(task.Version);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", task);
    }

    public static async Task<Results<Ok<TaskDto>, StatusCodeHttpResult>> GetTask(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var task = await sender.Send(new GetTaskQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(task.Version);
        return ETags.NoneMatchHits(context.Request, task.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(task);
    }

    public static async Task<Ok<TaskDto>> UpdateTask(Guid id, JsonBody<TaskFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var task = await sender.Send(new UpdateTaskCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(task.Version);
        return TypedResults.Ok(task);
    }

    public static async Task<Ok<TaskCompletionDto>> CompleteTask(
        Guid id, JsonBody<TaskCompletionRequest> body, ISender sender, ICurrentActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        var completion = await sender.Send(new CompleteTaskCommand(id, body.Value, actor.Name, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(completion.Task.Version);
        return TypedResults.Ok(completion);
    }

    public static async Task<Ok<TaskDto>> CancelTask(Guid id, ISender sender, ICurrentActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        var task = await sender.Send(new CancelTaskCommand(id, actor.Name, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(task.Version);
        return TypedResults.Ok(task);
    }

    /// <param name="status">open, completed or cancelled.</param>
    /// <param name="ownerId">Tasks of this owner.</param>
    /// <param name="timing">overdue, due-today or planned (open tasks only).</param>
    /// <param name="dueFrom">Tasks due on or after this local date (YYYY-MM-DD).</param>
    /// <param name="dueTo">Tasks due on or before this local date (YYYY-MM-DD).</param>
    /// <param name="source">manual, cadence, birthday, post-purchase, alert, case or automation.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static Task<Ok<Page<TaskDto>>> ListTasks(
        [FromQuery] string? status, [FromQuery] Guid? ownerId, [FromQuery] string? timing, [FromQuery] DateOnly? dueFrom, [FromQuery] DateOnly? dueTo,
        [FromQuery] string? source, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        List(null, status, ownerId, timing, dueFrom, dueTo, source, limit, cursor, sender, cancellationToken);

    /// <param name="id">The customer.</param>
    /// <param name="status">open, completed or cancelled.</param>
    /// <param name="ownerId">Tasks of this owner.</param>
    /// <param name="timing">overdue, due-today or planned (open tasks only).</param>
    /// <param name="dueFrom">Tasks due on or after this local date (YYYY-MM-DD).</param>
    /// <param name="dueTo">Tasks due on or before this local date (YYYY-MM-DD).</param>
    /// <param name="source">manual, cadence, birthday, post-purchase, alert, case or automation.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static Task<Ok<Page<TaskDto>>> ListCustomerTasks(
        Guid id, [FromQuery] string? status, [FromQuery] Guid? ownerId, [FromQuery] string? timing, [FromQuery] DateOnly? dueFrom, [FromQuery] DateOnly? dueTo,
        [FromQuery] string? source, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        List(id, status, ownerId, timing, dueFrom, dueTo, source, limit, cursor, sender, cancellationToken);

    private static async Task<Ok<Page<TaskDto>>> List(
        Guid? customerId, string? status, Guid? ownerId, string? timing, DateOnly? dueFrom, DateOnly? dueTo, string? source, int? limit, string? cursor,
        ISender sender, CancellationToken cancellationToken)
    {
        var filter = new TaskListFilter(
            customerId,
            RequestValues.Enum<FollowUpStatus>(status, nameof(status)),
            ownerId,
            RequestValues.Enum<TaskTiming>(timing, nameof(timing)),
            dueFrom,
            dueTo,
            RequestValues.Enum<TaskSource>(source, nameof(source)));
        return TypedResults.Ok(await sender.Send(new ListTasksQuery(filter, limit, cursor), cancellationToken));
    }
}
