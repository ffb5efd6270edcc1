using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Webhooks;
using CustomerRetention.Application.Webhooks.Contracts;
using CustomerRetention.Application.Webhooks.CreateWebhook;
using CustomerRetention.Application.Webhooks.DeleteWebhook;
using CustomerRetention.Application.Webhooks.GetWebhook;
using CustomerRetention.Application.Webhooks.ListWebhookDeliveries;
using CustomerRetention.Application.Webhooks.ListWebhooks;
using CustomerRetention.Application.Webhooks.ReplayWebhookDelivery;
using CustomerRetention.Application.Webhooks.RotateWebhookSecret;
using CustomerRetention.Application.Webhooks.UpdateWebhook;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Webhooks;

/// <summary>Webhook subscriptions and their delivery log (SPEC §10.4).</summary>
public static class WebhooksEndpoints
{
    private const string Signing =
        " Deliveries are POSTs of the event as the change feed serves it, signed per Standard Webhooks: `webhook-id` (the event id), "
        + "`webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>` keyed with the base64 bytes after `whsec_`; "
        + "two space-separated signatures while a rotated secret overlaps).";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").GuardQueryString();
        hooks.MapPost("/", CreateWebhook)
            .WithName(nameof(CreateWebhook))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("Subscribe to events")
            .WithDescription("`url` (an absolute https URL of a public host, no user name or password) and `eventTypes` (exact types, families such as `customer.*`, or `*`) are required; "
                + "`enabled` defaults to true. A host that resolves to a loopback, private, link-local or metadata address is refused (400), and checked again before every send. "
                + "The response holds the signing `secret` this once." + Signing)
            .Accepts<WebhookFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        hooks.MapGet("/", ListWebhooks)
            .WithName(nameof(ListWebhooks))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("The webhook subscriptions")
            .WithDescription("Newest first, keyset-paginated; never a secret.")
            .ProducesValidationProblem();

        var one = app.MapGroup("/api/v1/webhooks/{id:guid}").WithTags("Webhooks").GuardQueryString();
        one.MapGet("/", GetWebhook)
            .WithName(nameof(GetWebhook))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("Get a webhook subscription")
            .WithDescription("Without its secret. `enabled` false with a `disabledReason` means the receiver answered 410 Gone.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateWebhook)
            .WithName(nameof(UpdateWebhook))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("Update a webhook subscription (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch of `url`, `eventTypes`, `enabled` and `description`; `If-Match` with a stale ETag → 412. "
                + "Enabling a disabled subscription clears `disabledReason`; it receives the events from then on (not those of the time it was disabled).")
            .Accepts<WebhookFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapDelete("/", DeleteWebhook)
            .WithName(nameof(DeleteWebhook))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("Delete a webhook subscription")
            .WithDescription("Removes the subscription and its delivery log; pending deliveries are not sent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        one.MapPost("/secret-rotations", RotateWebhookSecret)
            .WithName(nameof(RotateWebhookSecret))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("Rotate a subscription's secret")
            .WithDescription("Returns the new secret this once. Until `previousSecretExpiresAt` (`Webhooks:SecretOverlap`, 24 h by default) every delivery carries two signatures, "
                + "one per secret, so the receiver can switch without refusing one.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapGet("/deliveries", ListWebhookDeliveries)
            .WithName(nameof(ListWebhookDeliveries))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("A subscription's deliveries")
            .WithDescription("Newest first, keyset-paginated: each event's delivery with its `state` (pending, succeeded, failed), every attempt (`at`, `status`, `durationMs`, `error`) and `nextAttemptAt`.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/webhook-deliveries/{id:guid}/replays", ReplayWebhookDelivery)
            .WithTags("Webhooks")
            .GuardQueryString()
            .WithName(nameof(ReplayWebhookDelivery))
            .RequireAuthorization(Policies.Webhooks)
            .WithSummary("Replay a delivery")
            .WithDescription("Queues the delivery again for an attempt now, with the whole retry schedule ahead of it (typically a failed one); "
                + "its attempts so far stay in its log. It is sent with the same `webhook-id`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<CreatedWebhookDto>> CreateWebhook(JsonBody<WebhookFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var webhook = await sender.Send(new CreateWebhookCommand(body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(webhook.Version);
        return TypedResults.Created($"/api/v1/webhooks/{webhook.Id}", webhook);
    }

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<WebhookDto>>> ListWebhooks([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListWebhooksQuery(limit, cursor), cancellationToken));

    public static async Task<Results<Ok<WebhookDto>, StatusCodeHttpResult>> GetWebhook(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var webhook = await sender.Send(new GetWebhookQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(webhook.Version);
        return ETags.NoneMatchHits(context.Request, webhook.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(webhook);
    }

    public static async Task<Ok<WebhookDto>> UpdateWebhook(Guid id, JsonBody<WebhookFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var webhook = await sender.Send(new UpdateWebhookCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(webhook.Version);
        return TypedResults.Ok(webhook);
    }

    public static async Task<NoContent> DeleteWebhook(Guid id, ISender sender, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteWebhookCommand(id, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<WebhookSecretDto>> RotateWebhookSecret(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new RotateWebhookSecretCommand(id), cancellationToken));

    /// <param name="id">The subscription.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<WebhookDeliveryDto>>> ListWebhookDeliveries(Guid id, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListWebhookDeliveriesQuery(id, limit, cursor), cancellationToken));

    public static async Task<Ok<WebhookDeliveryDto>> ReplayWebhookDelivery(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ReplayWebhookDeliveryCommand(id), cancellationToken));
}
