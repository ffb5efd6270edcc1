using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Orders;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Application.Orders.CreateOrder;
using CustomerRetention.Application.Orders.GetOrder;
using CustomerRetention.Application.Orders.ListOrders;
using CustomerRetention.Application.Orders.UpdateOrder;
using CustomerRetention.Application.Orders.UpsertOrders;
using CustomerRetention.Domain.Orders;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Orders;

/// <summary>Orders (SPEC §5): purchases, usually synced from the ERP.</summary>
public static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var perCustomer = app.MapGroup("/api/v1/customers/{id:guid}/orders").WithTags("Orders").GuardQueryString();
        perCustomer.MapPost("/", CreateOrder)
            .WithName(nameof(CreateOrder))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Record an order")
            .WithDescription("`orderedAt` and `amount` are required; `status` defaults to completed and `currency` to the configured one (others are refused). With `items`, `amount` must equal Σ quantity × unitPrice. A duplicate `externalId` → 409 `duplicate-order` naming the existing order. A completed order moves a prospect (awareness, interest, decision) to retention (\"first purchase\") and a churned customer back to retention (\"win-back\"), in the same transaction.")
            .Accepts<CreateOrderRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        perCustomer.MapGet("/", ListOrders)
            .WithName(nameof(ListOrders))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's orders")
            .WithDescription("Newest first (by orderedAt), keyset-paginated; filters `status` and the half-open range [`from`, `to`).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGroup("/api/v1/orders").WithTags("Orders").GuardQueryString()
            .MapPost("/batch", UpsertOrders)
            .WithName(nameof(UpsertOrders))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Record or update up to 1 000 orders by externalId")
            .WithDescription("Every item needs `externalId` and names its customer by `customerId` or `customerExternalId` (a live customer; else the item's `not-found` error). No order holds the key: the item is recorded with the rules of a single order (amount and items, the configured currency, the automatic stage transitions of a completed order). An order holds it: the item may change its `status` (completed → cancelled or refunded, with `statusReason`; `order-status-change-not-allowed` otherwise) and `notes`; a different customer, `orderedAt`, `amount`, currency, `items` or `channel` is the item's `order-field-immutable` error, and members left out keep their value." + BatchEndpoints.Description)
            .AsBatch<OrderBatchRequest>();

        var one = app.MapGroup("/api/v1/orders/{id:guid}").WithTags("Orders").GuardQueryString();
        one.MapGet("/", GetOrder)
            .WithName(nameof(GetOrder))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("Get an order")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateOrder)
            .WithName(nameof(UpdateOrder))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Cancel or refund an order, or change its notes")
            .WithDescription("`status` may go from completed to cancelled or refunded (recorded with `statusChangedAt` and `statusReason`); anything else → 409 `order-status-change-not-allowed`. `notes: null` clears the notes.")
            .Accepts<UpdateOrderRequest>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Created<OrderDto>> CreateOrder(
        Guid id, JsonBody<CreateOrderRequest> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var order = await sender.Send(new CreateOrderCommand(id, body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(order.Version);
        return TypedResults.Created($"/api/v1/orders/{order.Id}", order);
    }

    public static async Task<Ok<BatchResult>> UpsertOrders(BatchBody<OrderBatchItem> body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpsertOrdersCommand(body.Entries), cancellationToken));

    public static async Task<Results<Ok<OrderDto>, StatusCodeHttpResult>> GetOrder(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var order = await sender.Send(new GetOrderQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(order.Version);
        return ETags.NoneMatchHits(context.Request, order.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(order);
    }

    public static async Task<Ok<OrderDto>> UpdateOrder(
        Guid id, JsonBody<UpdateOrderRequest> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var command = new UpdateOrderCommand(id, body.Value, body.Document.ContainsKey("notes"), ETags.ExpectedVersion(context.Request));
        var order = await sender.Send(command, cancellationToken);
        context.Response.Headers.ETag = ETags.From(order.Version);
        return TypedResults.Ok(order);
    }

    /// <param name="id">The customer.</param>
    /// <param name="status">completed, cancelled or refunded.</param>
    /// <param name="from">Orders placed at or after this instant (RFC 3339).</param>
    /// <param name="to">Orders placed before this instant (RFC 3339).</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<OrderDto>>> ListOrders(
        Guid id,
        [FromQuery] string? status,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        ISender sender,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListOrdersQuery(id, RequestValues.Enum<OrderStatus>(status, nameof(status)), from, to, limit, cursor), cancellationToken));
}
