using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Lifecycle;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Application.Lifecycle.GetCustomerLifecycle;
using CustomerRetention.Application.Lifecycle.GetLifecycleStages;
using CustomerRetention.Application.Lifecycle.ListTransitions;
using CustomerRetention.Application.Lifecycle.TransitionCustomer;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Lifecycle;

/// <summary>Lifecycle (SPEC §3): the stage graph, a customer's stage, history and manual transitions.</summary>
public static class LifecycleEndpoints
{
    public static IEndpointRouteBuilder MapLifecycle(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/lifecycle/stages", GetLifecycleStages)
            .WithTags("Lifecycle")
            .GuardQueryString()
            .WithName(nameof(GetLifecycleStages))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("The lifecycle stages and allowed transitions")
            .WithDescription("The seven stages in funnel order with the stages a manual transition may go to from each.");

        var customer = app.MapGroup("/api/v1/customers/{id:guid}/lifecycle").WithTags("Lifecycle").GuardQueryString();

        customer.MapGet("/", GetCustomerLifecycle)
            .WithName(nameof(GetCustomerLifecycle))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's lifecycle")
            .WithDescription("The current stage, when it was entered, the allowed next stages, and per stage: first and last entered, last exited, and total days spent (re-entries counted; the current stay counts to now).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        customer.MapGet("/transitions", ListTransitions)
            .WithName(nameof(ListTransitions))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's stage history")
            .WithDescription("Every transition, newest first, with its source (manual, automatic, import) and actor. The first entry (no fromStage) is the stage the customer was created in.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        customer.MapPost("/transitions", TransitionCustomer)
            .WithName(nameof(TransitionCustomer))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Move a customer to another stage")
            .WithDescription("Manual transition along the allowed-transition table. Not allowed (or to the current stage) → 409 `lifecycle-transition-not-allowed` with `allowedTransitions`; `churned` without a reason → 400; `occurredAt` before the previous transition or in the future → 400. `If-Match` with the customer's ETag guards against concurrent changes (412). The actor is the caller of the credential (`user:<sub>` or `api-key:<id>`).")
            .Accepts<TransitionRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return app;
    }

    public static async Task<Ok<LifecycleStagesDto>> GetLifecycleStages(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetLifecycleStagesQuery(), cancellationToken));

    public static async Task<Ok<CustomerLifecycleDto>> GetCustomerLifecycle(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCustomerLifecycleQuery(id), cancellationToken));

    /// <param name="id">The customer.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<StageTransitionDto>>> ListTransitions(
        Guid id, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListTransitionsQuery(id, limit, cursor), cancellationToken));

    public static async Task<Created<StageTransitionDto>> TransitionCustomer(
        Guid id, JsonBody<TransitionRequest> body, ISender sender, ICurrentActor actor, HttpRequest request, CancellationToken cancellationToken)
    {
        var command = new TransitionCustomerCommand(id, body.Value, actor.Name, ETags.ExpectedVersion(request));
        var transition = await sender.Send(command, cancellationToken);
        return TypedResults.Created($"/api/v1/customers/{id}/lifecycle/transitions", transition);
    }
}
