using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.ServiceLevels;
using CustomerRetention.Application.ServiceLevels.CreateBusinessCalendar;
using CustomerRetention.Application.ServiceLevels.CreateSlaPolicy;
using CustomerRetention.Application.ServiceLevels.DeleteBusinessCalendar;
using CustomerRetention.Application.ServiceLevels.DeleteSlaPolicy;
using CustomerRetention.Application.ServiceLevels.GetBusinessCalendar;
using CustomerRetention.Application.ServiceLevels.GetBusinessCalendarDue;
using CustomerRetention.Application.ServiceLevels.GetSlaPolicy;
using CustomerRetention.Application.ServiceLevels.ListBusinessCalendars;
using CustomerRetention.Application.ServiceLevels.ListSlaPolicies;
using CustomerRetention.Application.ServiceLevels.ReplaceBusinessCalendar;
using CustomerRetention.Application.ServiceLevels.ReplaceSlaPolicy;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.ServiceLevels;

/// <summary>Business calendars and SLA policies (SPEC §9.3): the foundations of the case SLA clocks.</summary>
public static class ServiceLevelsEndpoints
{
    public const string Tag = "Service levels";

    private const string Hours =
        " A business minute is a minute inside one of the weekly intervals (local wall-clock time in `timeZone`) on a local date that is not a holiday; "
        + "an interval across a spring-forward gap is shorter by the skipped hour, one across a fall-back longer by the repeated hour (docs/service-levels.md).";

    public static IEndpointRouteBuilder MapServiceLevels(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/v1/business-calendars").WithTags(Tag).GuardQueryString();
        calendars.MapPost("/", CreateBusinessCalendar)
            .WithName(nameof(CreateBusinessCalendar))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Create a business calendar")
            .WithDescription("`name` and `timeZone` (IANA) are required; `weekly` intervals `{ day, start, end }` (local `HH:mm`, `end` after `start`, `24:00` for midnight, several per day, not overlapping) and `holidays` `{ date, name }` (each date once) are optional." + Hours)
            .Accepts<BusinessCalendarFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        calendars.MapGet("/", ListBusinessCalendars)
            .WithName(nameof(ListBusinessCalendars))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Business calendars")
            .WithDescription("Newest first, keyset-paginated. A default calendar (Monday–Friday 09:00–17:00, UTC) is seeded: set its zone to yours.")
            .ProducesValidationProblem();

        var calendar = app.MapGroup("/api/v1/business-calendars/{id:guid}").WithTags(Tag).GuardQueryString();
        calendar.MapGet("/", GetBusinessCalendar)
            .WithName(nameof(GetBusinessCalendar))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Get a business calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
        calendar.MapPut("/", ReplaceBusinessCalendar)
            .WithName(nameof(ReplaceBusinessCalendar))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Replace a business calendar")
            .WithDescription("The whole calendar, with the rules of the create. A change raises `version`; running business-mode clocks count by the new hours from then on. "
                + "Removing every interval of a calendar a business-mode policy uses → 409 `business-calendar-in-use`. `If-Match` with a stale ETag → 412.")
            .Accepts<BusinessCalendarFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        calendar.MapDelete("/", DeleteBusinessCalendar)
            .WithName(nameof(DeleteBusinessCalendar))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Delete a business calendar")
            .WithDescription("A calendar an SLA policy uses → 409 `business-calendar-in-use` with the `policyIds`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        calendar.MapGet("/due", GetBusinessCalendarDue)
            .WithName(nameof(GetBusinessCalendarDue))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("When a target would fall due")
            .WithDescription("The instant `minutes` business minutes (`mode=business`, the default) or real minutes (`mode=calendar`) after `start`: a start outside the hours counts from the next opening, 0 minutes is `start` itself, "
                + "and a target that ends exactly at a closing time is due then. `localDueAt` is the same instant on the calendar's wall clock. "
                + "Business mode on a calendar without intervals, or a due time more than about ten years away → 400." + Hours)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var policies = app.MapGroup("/api/v1/sla-policies").WithTags(Tag).GuardQueryString();
        policies.MapPost("/", CreateSlaPolicy)
            .WithName(nameof(CreateSlaPolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Create an SLA policy")
            .WithDescription("`name` and `targets` (`{ metric, priority, minutes }`, one per metric and priority) are required; `position` (default 0), `conditions` (priorities, categories, channels, segments, tags; every non-empty list must match), "
                + "`hoursMode` (business, the default, needs `calendarId`; or calendar), `warnAtPercent` (1–99, default 75) and `isDefault` are optional. "
                + "A second default → 409 `sla-default-policy-exists`; an unknown calendar → 400 on `calendarId`.")
            .Accepts<SlaPolicyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        policies.MapGet("/", ListSlaPolicies)
            .WithName(nameof(ListSlaPolicies))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("SLA policies in evaluation order")
            .WithDescription("By `position`, then creation, the default policy last: a case gets the first policy whose conditions all match, else the default. Keyset-paginated.")
            .ProducesValidationProblem();

        var policy = app.MapGroup("/api/v1/sla-policies/{id:guid}").WithTags(Tag).GuardQueryString();
        policy.MapGet("/", GetSlaPolicy)
            .WithName(nameof(GetSlaPolicy))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Get an SLA policy")
            .ProducesProblem(StatusCodes.Status404NotFound);
        policy.MapPut("/", ReplaceSlaPolicy)
            .WithName(nameof(ReplaceSlaPolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Replace an SLA policy")
            .WithDescription("The whole policy, with the rules of the create. A change raises `version` (every version is kept: cases keep the one they started with); an identical body changes nothing. "
                + "Clearing `isDefault` of the default → 409 `sla-default-policy-required`; making a second default → 409 `sla-default-policy-exists`. `If-Match` with a stale ETag → 412.")
            .Accepts<SlaPolicyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        policy.MapDelete("/", DeleteSlaPolicy)
            .WithName(nameof(DeleteSlaPolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Delete an SLA policy")
            .WithDescription("Its versions stay readable for the cases that recorded them. The default policy → 409 `sla-default-policy-required`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    public static async Task<Created<BusinessCalendarDto>> CreateBusinessCalendar(JsonBody<BusinessCalendarFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var calendar = await sender.Send(new CreateBusinessCalendarCommand(body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(calendar.RowVersion);
        return TypedResults.Created($"/api/v1/business-calendars/{calendar.Id}", calendar);
    }

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<BusinessCalendarDto>>> ListBusinessCalendars([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListBusinessCalendarsQuery(limit, cursor), cancellationToken));

    public static async Task<Results<Ok<BusinessCalendarDto>, StatusCodeHttpResult>> GetBusinessCalendar(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var calendar = await sender.Send(new GetBusinessCalendarQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(calendar.RowVersion);
        return ETags.NoneMatchHits(context.Request, calendar.RowVersion)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(calendar);
    }

    public static async Task<Ok<BusinessCalendarDto>> ReplaceBusinessCalendar(Guid id, JsonBody<BusinessCalendarFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var calendar = await sender.Send(new ReplaceBusinessCalendarCommand(id, body.Value, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(calendar.RowVersion);
        return TypedResults.Ok(calendar);
    }

    public static async Task<NoContent> DeleteBusinessCalendar(Guid id, ISender sender, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteBusinessCalendarCommand(id, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <param name="id">The calendar.</param>
    /// <param name="start">The instant the target starts (RFC 3339 UTC). Required.</param>
    /// <param name="minutes">The target, 0–5 260 000 minutes. Required.</param>
    /// <param name="mode">business (default) or calendar.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<BusinessCalendarDueDto>> GetBusinessCalendarDue(
        Guid id, [FromQuery] DateTimeOffset? start, [FromQuery] int? minutes, [FromQuery] string? mode, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetBusinessCalendarDueQuery(id, start, minutes, mode), cancellationToken));

    public static async Task<Created<SlaPolicyDto>> CreateSlaPolicy(JsonBody<SlaPolicyFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new CreateSlaPolicyCommand(body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Created($"/api/v1/sla-policies/{policy.Id}", policy);
    }

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<SlaPolicyDto>>> ListSlaPolicies([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListSlaPoliciesQuery(limit, cursor), cancellationToken));

    public static async Task<Results<Ok<SlaPolicyDto>, StatusCodeHttpResult>> GetSlaPolicy(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new GetSlaPolicyQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(policy.RowVersion);
        return ETags.NoneMatchHits(context.Request, policy.RowVersion)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(policy);
    }

    public static async Task<Ok<SlaPolicyDto>> ReplaceSlaPolicy(Guid id, JsonBody<SlaPolicyFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new ReplaceSlaPolicyCommand(id, body.Value, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Ok(policy);
    }

    public static async Task<NoContent> DeleteSlaPolicy(Guid id, ISender sender, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteSlaPolicyCommand(id, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }
}
