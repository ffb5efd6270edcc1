using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Events;
using CustomerRetention.Application.Events.ListEvents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Events;

/// <summary>The change feed: every committed change as an event, oldest first.</summary>
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/v1/events").WithTags("Events").GuardQueryString();
        events.MapGet("/", ListEvents)
            .WithName(nameof(ListEvents))
            .RequireAuthorization(Policies.Events)
            .WithSummary("The change feed")
            .WithDescription(
                "Every committed change as an event, oldest first, in commit order. Page with `after` = the previous page's `nextCursor`; "
                + "`nextCursor` is always returned (the same position when nothing is new), so a reader that caught up keeps polling with it. "
                + "Every committed event appears exactly once; a change that was rolled back has none. "
                + "`types` filters by type or family (`customer.*,order.created`), `customerId` by customer. A cursor into the part of the log removed by retention is 410 `events-expired`. Event types and their `data` are listed in docs/events.md.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    /// <param name="after">The nextCursor of the previous page; without it the feed starts at the oldest retained event.</param>
    /// <param name="types">Comma-separated event types or families, for example <c>customer.*,order.created</c>.</param>
    /// <param name="customerId">Only this customer's events.</param>
    /// <param name="limit">Page size, 1–1000 (default 100).</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<EventFeedPage>> ListEvents(
        [FromQuery] string? after,
        [FromQuery] string? types,
        [FromQuery] Guid? customerId,
        [FromQuery] int? limit,
        ISender sender,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListEventsQuery(after, types, customerId, limit), cancellationToken));
}
