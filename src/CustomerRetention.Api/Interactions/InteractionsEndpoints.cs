using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Interactions;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Application.Interactions.CreateInteraction;
using CustomerRetention.Application.Interactions.DeleteInteraction;
using CustomerRetention.Application.Interactions.GetInteraction;
using CustomerRetention.Application.Interactions.ListInteractions;
using CustomerRetention.Application.Interactions.UpdateInteraction;
using CustomerRetention.Domain.Interactions;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Interactions;

/// <summary>Interactions (SPEC §4): touchpoints with a customer.</summary>
public static class InteractionsEndpoints
{
    public static IEndpointRouteBuilder MapInteractions(this IEndpointRouteBuilder app)
    {
        var perCustomer = app.MapGroup("/api/v1/customers/{id:guid}/interactions").WithTags("Interactions").GuardQueryString();
        perCustomer.MapPost("/", CreateInteraction)
            .WithName(nameof(CreateInteraction))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Record an interaction")
            .WithDescription("`channel`, `direction`, `type` and `occurredAt` (not in the future) are required.")
            .Accepts<InteractionFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        perCustomer.MapGet("/", ListInteractions)
            .WithName(nameof(ListInteractions))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's interactions")
            .WithDescription("Newest first, keyset-paginated; filters `channel`, `type` and the half-open range [`from`, `to`).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var one = app.MapGroup("/api/v1/interactions/{id:guid}").WithTags("Interactions").GuardQueryString();
        one.MapGet("/", GetInteraction)
            .WithName(nameof(GetInteraction))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("Get an interaction")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateInteraction)
            .WithName(nameof(UpdateInteraction))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Update an interaction (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch; `null` clears an optional member. `If-Match` with a stale ETag → 412.")
            .Accepts<InteractionFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapDelete("/", DeleteInteraction)
            .WithName(nameof(DeleteInteraction))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Delete an interaction")
            .WithDescription("Explicit and recorded: the interaction disappears from reads, lists and the timeline, and who deleted it (the caller: `user:<sub>` or `api-key:<id>`) and when is kept.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    public static async Task<Created<InteractionDto>> CreateInteraction(
        Guid id, JsonBody<InteractionFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var interaction = await sender.Send(new CreateInteractionCommand(id, body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(interaction.Version);
        return TypedResults.Created($"/api/v1/interactions/{interaction.Id}", interaction);
    }

    public static async Task<Results<Ok<InteractionDto>, StatusCodeHttpResult>> GetInteraction(
        Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var interaction = await sender.Send(new GetInteractionQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(interaction.Version);
        return ETags.NoneMatchHits(context.Request, interaction.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(interaction);
    }

    public static async Task<Ok<InteractionDto>> UpdateInteraction(
        Guid id, JsonBody<InteractionFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var interaction = await sender.Send(new UpdateInteractionCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(interaction.Version);
        return TypedResults.Ok(interaction);
    }

    public static async Task<NoContent> DeleteInteraction(Guid id, ISender sender, ICurrentActor actor, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteInteractionCommand(id, actor.Name, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <param name="id">The customer.</param>
    /// <param name="channel">phone, email, sms, wechat, social, chat, visit, meeting, web or other.</param>
    /// <param name="type">call, message, meeting, visit, note, complaint, feedback, survey, support, greeting or other.</param>
    /// <param name="from">Interactions at or after this instant (RFC 3339).</param>
    /// <param name="to">Interactions before this instant (RFC 3339).</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<InteractionDto>>> ListInteractions(
        Guid id,
        [FromQuery] string? channel,
        [FromQuery] string? type,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var query = new ListInteractionsQuery(
            id,
            RequestValues.Enum<InteractionChannel>(channel, nameof(channel)),
            RequestValues.Enum<InteractionType>(type, nameof(type)),
            from,
            to,
            limit,
            cursor);
        return TypedResults.Ok(await sender.Send(query, cancellationToken));
    }
}
