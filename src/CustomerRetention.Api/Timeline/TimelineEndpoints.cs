using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Timeline;
using CustomerRetention.Application.Timeline.GetTimeline;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Timeline;

/// <summary>The 360° timeline (SPEC §6).</summary>
public static class TimelineEndpoints
{
    public static IEndpointRouteBuilder MapTimeline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/customers/{id:guid}/timeline", GetTimeline)
            .WithTags("Timeline")
            .GuardQueryString()
            .WithName(nameof(GetTimeline))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's timeline")
            .WithDescription("Interactions, orders, stage changes and alerts in one stream, newest first, with one keyset cursor across all kinds. Items: `kind` (interaction, order, stageChange, alert), `occurredAt` (an order's orderedAt, an alert's firstDetectedAt), `id`, a one-line `summary` and the full resource in `data`. Ties on occurredAt: alert, then stageChange, then order, then interaction, then id descending.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="id">The customer.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<TimelineItemDto>>> GetTimeline(
        Guid id, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetTimelineQuery(id, limit, cursor), cancellationToken));
}
