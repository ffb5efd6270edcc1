using CustomerRetention.Api.BuildingBlocks.Csv;
using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Customers.ArchiveCustomer;
using CustomerRetention.Application.Customers.CreateCustomer;
using CustomerRetention.Application.Customers.ExportCustomers;
using CustomerRetention.Application.Customers.GetCustomer;
using CustomerRetention.Application.Customers.ListCustomers;
using CustomerRetention.Application.Customers.UpdateCustomer;
using CustomerRetention.Application.Customers.UpsertCustomers;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Customers;

/// <summary>Customers (SPEC §2): create, read, merge-patch, archive and list.</summary>
public static class CustomersEndpoints
{
    private const string JsonType = "application/json";
    private const string MergePatchType = "application/merge-patch+json";

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/customers").WithTags("Customers").GuardQueryString();

        group.MapPost("/", CreateCustomer)
            .WithName(nameof(CreateCustomer))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Create a customer")
            .WithDescription("Creates a customer in `awareness` (or the given `lifecycleStage`). An e-mail or externalId already held by a live customer is a 409 `duplicate-customer` naming that customer.")
            .Accepts<CreateCustomerCommand>(JsonType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/batch", UpsertCustomers)
            .WithName(nameof(UpsertCustomers))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Create or update up to 1 000 customers by externalId")
            .WithDescription("Every item needs `externalId`. No live customer holds it: the item is a create with the rules of a single create (`type` and `name` required; `lifecycleStage` and `stageEnteredAt` set the initial stage). A live customer holds it: the item is a merge-patch of that customer (members present are set, `null` clears, members left out keep their value; `lifecycleStage` and `stageEnteredAt` are ignored) — an e-mail or externalId held by another live customer is the item's `duplicate-customer` error." + BatchEndpoints.Description)
            .AsBatch<CustomerBatchRequest>();

        group.MapGet("/", ListCustomers)
            .WithName(nameof(ListCustomers))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("List customers")
            .WithDescription("Live customers, newest first by default, keyset-paginated: pass `nextCursor` back as `cursor` with the same filters and sort.")
            .ProducesValidationProblem();

        group.MapGet("/export", ExportCustomers)
            .WithName(nameof(ExportCustomers))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("Export customers as CSV")
            .WithDescription("Every customer the list would page through with the same filters and sort, streamed as RFC 4180 CSV (UTF-8 with a byte order mark, CRLF, a header row; tags joined with `;`; `segment` of the latest succeeded RFM run). Text cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` (formula-injection guard). Invalid filters are the list's 400 before any CSV is written. Draws from the heavy rate-limit bucket.")
            .Produces<string>(StatusCodes.Status200OK, CsvMedia.Type)
            .ProducesValidationProblem()
            .RequireHeavyRateLimit();

        group.MapGet("/{id:guid}", GetCustomer)
            .WithName(nameof(GetCustomer))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("Get a customer")
            .WithDescription("Returns the customer with its ETag; `If-None-Match` with the current ETag gives 304.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id:guid}", UpdateCustomer)
            .WithName(nameof(UpdateCustomer))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Update a customer (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch: members present are set, `null` clears an optional member, nested objects merge. `lifecycleStage` cannot be patched (use lifecycle transitions). `If-Match` with a stale ETag gives 412.")
            .Accepts<CustomerFields>(MergePatchType, JsonType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id:guid}", ArchiveCustomer)
            .WithName(nameof(ArchiveCustomer))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Archive a customer")
            .WithDescription("Soft delete: the customer disappears from reads and lists; its e-mail and externalId become free. `If-Match` is honoured.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return app;
    }

    public static async Task<Created<CustomerDto>> CreateCustomer(
        JsonBody<CreateCustomerCommand> body, ISender sender, ICurrentActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        var customer = await sender.Send(body.Value with { Actor = actor.Name }, cancellationToken);
        context.Response.Headers.ETag = ETags.From(customer.Version);
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", customer);
    }

    public static async Task<Ok<BatchResult>> UpsertCustomers(
        BatchBody<CustomerBatchItem> body, ISender sender, ICurrentActor actor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpsertCustomersCommand(body.Entries, actor.Name), cancellationToken));

    public static async Task<Results<Ok<CustomerDto>, StatusCodeHttpResult>> GetCustomer(
        Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var customer = await sender.Send(new GetCustomerQuery(id), cancellationToken);
        var etag = ETags.From(customer.Version, customer.Rfm?.RunId);
        context.Response.Headers.ETag = etag;
        return ETags.NoneMatchHits(context.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(customer);
    }

    public static async Task<Ok<CustomerDto>> UpdateCustomer(
        Guid id, JsonBody<CustomerFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var expected = ETags.ExpectedVersion(context.Request);
        var customer = await sender.Send(new UpdateCustomerCommand(id, body.Document, expected), cancellationToken);
        context.Response.Headers.ETag = ETags.From(customer.Version, customer.Rfm?.RunId);
        return TypedResults.Ok(customer);
    }

    public static async Task<NoContent> ArchiveCustomer(Guid id, ISender sender, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new ArchiveCustomerCommand(id, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <param name="q">Case-insensitive text search over name, e-mail, phone and company.</param>
    /// <param name="stage">Lifecycle stage: awareness, interest, decision, retention, expansion, contraction, churned.</param>
    /// <param name="segment">RFM segment of the latest succeeded run, e.g. champions or cant-lose-them.</param>
    /// <param name="tag">Customers carrying this tag (case-insensitive).</param>
    /// <param name="ownerId">Customers of this account manager.</param>
    /// <param name="updatedSince">Customers updated at or after this instant (RFC 3339).</param>
    /// <param name="sort">-createdAt (default), createdAt, name, -name, updatedAt, -updatedAt.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<CustomerDto>>> ListCustomers(
        [FromQuery] string? q,
        [FromQuery] string? stage,
        [FromQuery] string? segment,
        [FromQuery] string? tag,
        [FromQuery] Guid? ownerId,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] string? sort,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        ISender sender,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListCustomersQuery(q, stage, segment, tag, ownerId, updatedSince, sort, limit, cursor), cancellationToken));

    /// <param name="q">Case-insensitive text search over name, e-mail, phone and company.</param>
    /// <param name="stage">Lifecycle stage: awareness, interest, decision, retention, expansion, contraction, churned.</param>
    /// <param name="segment">RFM segment of the latest succeeded run, e.g. champions or cant-lose-them.</param>
    /// <param name="tag">Customers carrying this tag (case-insensitive).</param>
    /// <param name="ownerId">Customers of this account manager.</param>
    /// <param name="updatedSince">Customers updated at or after this instant (RFC 3339).</param>
    /// <param name="sort">-createdAt (default), createdAt, name, -name, updatedAt, -updatedAt.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="clock">Stamps the file name.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<CsvResult<CustomerExportRow>> ExportCustomers(
        [FromQuery] string? q,
        [FromQuery] string? stage,
        [FromQuery] string? segment,
        [FromQuery] string? tag,
        [FromQuery] Guid? ownerId,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] string? sort,
        ISender sender,
        TimeProvider clock,
        CancellationToken cancellationToken) =>
        new(await sender.Send(new ExportCustomersQuery(q, stage, segment, tag, ownerId, updatedSince, sort), cancellationToken), CustomerCsv.Columns, "customers", clock);
}
