using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.Alerts.AcknowledgeAlert;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.Alerts.DismissAlert;
using CustomerRetention.Application.Alerts.GetAlert;
using CustomerRetention.Application.Alerts.ListAlerts;
using CustomerRetention.Application.Alerts.ResolveAlert;
using CustomerRetention.Application.Alerts.SnoozeAlert;
using CustomerRetention.Application.Alerts.UpdateAlert;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Alerts;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Alerts;

/// <summary>Alerts and their lifecycle (SPEC §9.1).</summary>
public static class AlertsEndpoints
{
    private const string Lifecycle =
        " Lifecycle: open → acknowledged | snoozed | resolved | dismissed | auto-resolved; acknowledged → snoozed | resolved | dismissed | auto-resolved; "
        + "snoozed → open (the first evaluation after `snoozedUntil` that still finds the condition) | resolved | dismissed | auto-resolved. Closed states are terminal: 409 `alert-transition-not-allowed`. `If-Match` with a stale ETag → 412.";

    private const string Filters =
        "Newest first, keyset-paginated; filters `status` and `severity` (one value or several, comma-separated), `ruleId`, `assigneeId`. Agents see their customers' alerts and those assigned to them.";

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", ListAlerts)
            .WithTags("Alerts")
            .GuardQueryString()
            .WithName(nameof(ListAlerts))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("Alerts")
            .WithDescription(Filters)
            .ProducesValidationProblem();
        app.MapGet("/api/v1/customers/{id:guid}/alerts", ListCustomerAlerts)
            .WithTags("Alerts")
            .GuardQueryString()
            .WithName(nameof(ListCustomerAlerts))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("A customer's alerts")
            .WithDescription(Filters)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var one = app.MapGroup("/api/v1/alerts/{id:guid}").WithTags("Alerts").GuardQueryString();
        one.MapGet("/", GetAlert)
            .WithName(nameof(GetAlert))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("Get an alert")
            .WithDescription("With its `history` of status and severity changes (who, when, why), oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateAlert)
            .WithName(nameof(UpdateAlert))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Assign an alert (JSON merge-patch)")
            .WithDescription("`{ \"assigneeId\": \"…\" }` gives the alert to a user; `null` to nobody. Status changes go through the action endpoints.")
            .Accepts<AlertFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        Action(one.MapPost("/acknowledgement", AcknowledgeAlert), nameof(AcknowledgeAlert), "Acknowledge an alert", "Someone is on it.", typeof(AlertNoteRequest));
        Action(one.MapPost("/snooze", SnoozeAlert), nameof(SnoozeAlert), "Snooze an alert", "`until` (required, in the future) and `reason`.", typeof(AlertSnoozeRequest));
        Action(one.MapPost("/resolution", ResolveAlert), nameof(ResolveAlert), "Resolve an alert",
            "`outcome` (required: retained, lost, false-positive, no-action) and `note`. Detections of its key are then suppressed for the rule's `cooldownDays` unless more severe.", typeof(AlertResolutionRequest));
        Action(one.MapPost("/dismissal", DismissAlert), nameof(DismissAlert), "Dismiss an alert",
            "Not worth acting on; `note` says why. Detections of its key are then suppressed for the rule's `cooldownDays` unless more severe.", typeof(AlertNoteRequest));
        return app;
    }

    private static void Action(RouteHandlerBuilder builder, string name, string summary, string description, Type body) =>
        builder.WithName(name)
            .RequireAuthorization(Policies.Work)
            .WithSummary(summary)
            .WithDescription(description + Lifecycle)
            .Accepts(body, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <param name="status">Only alerts in these statuses (comma-separated).</param>
    /// <param name="severity">Only alerts of these severities (comma-separated).</param>
    /// <param name="ruleId">Only alerts of this rule.</param>
    /// <param name="assigneeId">Only alerts assigned to this user.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<AlertDto>>> ListAlerts(
        [FromQuery] string? status, [FromQuery] string? severity, [FromQuery] Guid? ruleId, [FromQuery] Guid? assigneeId,
        [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(Query(null, status, severity, ruleId, assigneeId, limit, cursor), cancellationToken));

    /// <param name="id">The customer.</param>
    /// <param name="status">Only alerts in these statuses (comma-separated).</param>
    /// <param name="severity">Only alerts of these severities (comma-separated).</param>
    /// <param name="ruleId">Only alerts of this rule.</param>
    /// <param name="assigneeId">Only alerts assigned to this user.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<AlertDto>>> ListCustomerAlerts(
        Guid id, [FromQuery] string? status, [FromQuery] string? severity, [FromQuery] Guid? ruleId, [FromQuery] Guid? assigneeId,
        [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(Query(id, status, severity, ruleId, assigneeId, limit, cursor), cancellationToken));

    public static async Task<Results<Ok<AlertDto>, StatusCodeHttpResult>> GetAlert(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var alert = await sender.Send(new GetAlertQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(alert.RowVersion);
        return ETags.NoneMatchHits(context.Request, alert.RowVersion) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(alert);
    }

    public static Task<Ok<AlertDto>> UpdateAlert(Guid id, JsonBody<AlertFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken) =>
        Send(new UpdateAlertCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), sender, context, cancellationToken);

    public static Task<Ok<AlertDto>> AcknowledgeAlert(Guid id, JsonBody<AlertNoteRequest> body, ISender sender, HttpContext context, CancellationToken cancellationToken) =>
        Send(new AcknowledgeAlertCommand(id, body.Value, ETags.ExpectedVersion(context.Request)), sender, context, cancellationToken);

    public static Task<Ok<AlertDto>> SnoozeAlert(Guid id, JsonBody<AlertSnoozeRequest> body, ISender sender, HttpContext context, CancellationToken cancellationToken) =>
        Send(new SnoozeAlertCommand(id, body.Value, ETags.ExpectedVersion(context.Request)), sender, context, cancellationToken);

    public static Task<Ok<AlertDto>> ResolveAlert(Guid id, JsonBody<AlertResolutionRequest> body, ISender sender, HttpContext context, CancellationToken cancellationToken) =>
        Send(new ResolveAlertCommand(id, body.Value, ETags.ExpectedVersion(context.Request)), sender, context, cancellationToken);

    public static Task<Ok<AlertDto>> DismissAlert(Guid id, JsonBody<AlertNoteRequest> body, ISender sender, HttpContext context, CancellationToken cancellationToken) =>
        Send(new DismissAlertCommand(id, body.Value, ETags.ExpectedVersion(context.Request)), sender, context, cancellationToken);

    private static async Task<Ok<AlertDto>> Send(ICommand<AlertDto> command, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var alert = await sender.Send(command, cancellationToken);
        context.Response.Headers.ETag = ETags.From(alert.RowVersion);
        return TypedResults.Ok(alert);
    }

    private static ListAlertsQuery Query(Guid? customer, string? status, string? severity, Guid? ruleId, Guid? assigneeId, int? limit, string? cursor) =>
        new(customer, RequestValues.Enums<AlertStatus>(status, nameof(status)), RequestValues.Enums<AlertSeverity>(severity, nameof(severity)), ruleId, assigneeId, limit, cursor);
}
