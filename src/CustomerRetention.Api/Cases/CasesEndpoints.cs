using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Cases;
using CustomerRetention.Application.Cases.AddCaseMessage;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Application.Cases.CreateCase;
using CustomerRetention.Application.Cases.GetCase;
using CustomerRetention.Application.Cases.GetCaseSla;
using CustomerRetention.Application.Cases.ListCaseMessages;
using CustomerRetention.Application.Cases.ListCases;
using CustomerRetention.Application.Cases.UpdateCase;
using CustomerRetention.Domain.Cases;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Cases;

/// <summary>Complaint cases (SPEC §9.3): numbered, with a status machine, messages and a journal; history can be imported with past instants.</summary>
public static class CasesEndpoints
{
    public const string Tag = "Cases";

    private const string Instants = " Every change happens at an instant: now by default, or — importing history from another helpdesk — a past `at`/`sentAt` that is not in the future and not before the case's `lastActivityAt` (else 409 `case-change-before-last`).";

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var perCustomer = app.MapGroup("/api/v1/customers/{id:guid}/cases").WithTags(Tag).GuardQueryString();
        perCustomer.MapPost("/", CreateCase)
            .WithName(nameof(CreateCase))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Open a case for a customer")
            .WithDescription("`channel`, `category` and `subject` are required; `priority` defaults to normal, `assigneeId` to the customer's owner, `openedAt` to now (a past instant imports a case). "
                + "`orderId` must be an order of this customer; `linkedCaseId` a closed case of this customer that this one follows up. The case starts `new` with the next number (CS-000001, …).")
            .Accepts<CaseFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        perCustomer.MapGet("/", ListCustomerCases)
            .WithName(nameof(ListCustomerCases))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("A customer's cases")
            .WithDescription("Most recently opened first, keyset-paginated; the filters of `GET /api/v1/cases`.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/cases", ListCases)
            .WithTags(Tag)
            .GuardQueryString()
            .WithName(nameof(ListCases))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("Cases")
            .WithDescription("Most recently opened first (by `openedAt`, then id), keyset-paginated. Filters `status`, `priority` and `slaState` (comma-separated), `assigneeId`, `category`. Agents see their customers' cases and the cases assigned to them.")
            .ProducesValidationProblem();

        var one = app.MapGroup("/api/v1/cases/{id:guid}").WithTags(Tag).GuardQueryString();
        one.MapGet("/", GetCase)
            .WithName(nameof(GetCase))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("Get a case")
            .WithDescription("The case with its `history`: every status, priority, category and assignee change, oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateCase)
            .WithName(nameof(UpdateCase))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Change a case (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch of `subject`, `description`, `category`, `priority`, `assigneeId` and `status` (with `resolution` when it becomes solved), applied in that order at `at`. "
                + "Statuses: new → open, pending-customer, on-hold, solved; open, pending-customer and on-hold → each other and solved; solved → open (a reopen: `reopenCount` + 1) or closed; closed is final (409 `case-closed`). "
                + "Another move is 409 `case-transition-not-allowed`. Solving creates a call task checking the customer is satisfied, due the next business day." + Instants + " `If-Match` with a stale ETag → 412.")
            .Accepts<CasePatch>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapPost("/messages", AddCaseMessage)
            .WithName(nameof(AddCaseMessage))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Add a message to a case")
            .WithDescription("`direction` (inbound: the customer's; outbound: an agent's or the system's; internal: a note, never public) and `body` are required. Only a public outbound message by an agent is a response: the first one sets `firstRespondedAt` and opens a new case. "
                + "A customer's message reopens a solved case and brings a pending-customer case back to open. `status` changes the case's status right after the message at the same instant (reply and set pending-customer in one request); a closed case takes no message (409 `case-closed`)." + Instants)
            .Accepts<CaseMessageRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapGet("/messages", ListCaseMessages)
            .WithName(nameof(ListCaseMessages))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("A case's messages")
            .WithDescription("In the order they were sent (oldest first, then id), keyset-paginated; internal notes included.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapGet("/sla", GetCaseSla)
            .WithName(nameof(GetCaseSla))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("The SLA of a case: its targets and roll-up")
            .WithDescription("The policy and version the case keeps, the roll-up (`state`: active, hit, missed, active-with-misses) and every target — first-response and resolution from `openedAt`, one next-response instance per customer message awaiting an agent's reply — "
                + "with `state` (running, paused, achieved, breached, breached-achieved), `startedAt`, `dueAt`, `warnAt`, `warnedAt`, `achievedAt`, `breachedAt`, and the minutes elapsed and paused, counted at `asOf` (now). "
                + "Business minutes count only inside the policy calendar's hours, in its time zone, outside its holidays; resolution pauses while the case is pending-customer. docs/cases.md has the clock rules.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<CaseSlaDto>> GetCaseSla(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCaseSlaQuery(id), cancellationToken));

    public static async Task<Created<CaseDto>> CreateCase(Guid id, JsonBody<CaseFields> body, ISender sender, ICurrentActor actor, HttpResponse response, CancellationToken cancellationToken)
    {
        var supportCase = await sender.Send(new CreateCaseCommand(id, body.Value, actor.Name), cancellationToken);
        response.Headers.ETag = ETags.From(supportCase.Version);
        return TypedResults.Created($"/api/v1/cases/{supportCase.Id}", supportCase);
    }

    public static async Task<Results<Ok<CaseDto>, StatusCodeHttpResult>> GetCase(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var supportCase = await sender.Send(new GetCaseQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(supportCase.Version);
        return ETags.NoneMatchHits(context.Request, supportCase.Version) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(supportCase);
    }

    public static async Task<Ok<CaseDto>> UpdateCase(Guid id, JsonBody<CasePatch> body, ISender sender, ICurrentActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        var supportCase = await sender.Send(new UpdateCaseCommand(id, body.Document, actor.Name, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(supportCase.Version);
        return TypedResults.Ok(supportCase);
    }

    public static async Task<Created<CaseMessageResultDto>> AddCaseMessage(
        Guid id, JsonBody<CaseMessageRequest> body, ISender sender, ICurrentActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new AddCaseMessageCommand(id, body.Value, actor.Name, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(result.Case.Version);
        return TypedResults.Created($"/api/v1/cases/{id}/messages", result);
    }

    /// <param name="id">The case.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<CaseMessageDto>>> ListCaseMessages(
        Guid id, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListCaseMessagesQuery(id, limit, cursor), cancellationToken));

    /// <param name="status">Only cases in these statuses (comma-separated): new, open, pending-customer, on-hold, solved, closed.</param>
    /// <param name="priority">Only cases of these priorities (comma-separated): low, normal, high, urgent.</param>
    /// <param name="assigneeId">Only cases assigned to this user.</param>
    /// <param name="category">Only cases of this category.</param>
    /// <param name="slaState">Only cases whose SLA roll-up is one of these (comma-separated): active, hit, missed, active-with-misses.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<CaseDto>>> ListCases(
        [FromQuery] string? status, [FromQuery] string? priority, [FromQuery] Guid? assigneeId, [FromQuery] string? category, [FromQuery] string? slaState,
        [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(Query(null, status, priority, assigneeId, category, slaState, limit, cursor), cancellationToken));

    /// <param name="id">The customer.</param>
    /// <param name="status">Only cases in these statuses (comma-separated): new, open, pending-customer, on-hold, solved, closed.</param>
    /// <param name="priority">Only cases of these priorities (comma-separated): low, normal, high, urgent.</param>
    /// <param name="assigneeId">Only cases assigned to this user.</param>
    /// <param name="category">Only cases of this category.</param>
    /// <param name="slaState">Only cases whose SLA roll-up is one of these (comma-separated): active, hit, missed, active-with-misses.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<CaseDto>>> ListCustomerCases(
        Guid id, [FromQuery] string? status, [FromQuery] string? priority, [FromQuery] Guid? assigneeId, [FromQuery] string? category, [FromQuery] string? slaState,
        [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(Query(id, status, priority, assigneeId, category, slaState, limit, cursor), cancellationToken));

    private static ListCasesQuery Query(Guid? customer, string? status, string? priority, Guid? assigneeId, string? category, string? slaState, int? limit, string? cursor) =>
        new(new CaseListFilter(
                customer,
                RequestValues.Enums<CaseStatus>(status, nameof(status)),
                RequestValues.Enums<CasePriority>(priority, nameof(priority)),
                assigneeId,
                RequestValues.Enum<CaseCategory>(category, nameof(category)),
                RequestValues.Enums<SlaRollup>(slaState, nameof(slaState))),
            limit,
            cursor);
}
