using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.Alerts.CreateAlertRule;
using CustomerRetention.Application.Alerts.DeleteAlertRule;
using CustomerRetention.Application.Alerts.DryRunAlertRule;
using CustomerRetention.Application.Alerts.GetAlertEvaluation;
using CustomerRetention.Application.Alerts.GetAlertRule;
using CustomerRetention.Application.Alerts.ListAlertRules;
using CustomerRetention.Application.Alerts.StartAlertEvaluation;
using CustomerRetention.Application.Alerts.UpdateAlertRule;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Alerts;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Alerts;

/// <summary>Alert rules, their evaluations and dry-runs (SPEC §9.1).</summary>
public static class AlertRulesEndpoints
{
    /// <summary>The kind table for the OpenAPI descriptions, from the catalog the validation uses.</summary>
    private static string Kinds => " Kinds and their `params` (defaults): " + string.Join("; ", AlertKindCatalog.Kinds.Select(k =>
        $"`{k.Key}`" + (k.Params.Count == 0 ? " (none)" : " (" + string.Join(", ", k.Params.Select(p => $"`{p.Name}` {p.Default.ToJsonString()}")) + ")"))) + ".";

    public static IEndpointRouteBuilder MapAlertRules(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/alert-rules").WithTags("Alerts").GuardQueryString();
        rules.MapPost("/", CreateAlertRule)
            .WithName(nameof(CreateAlertRule))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Create an alert rule")
            .WithDescription("`key` (a unique slug), `name` and `kind` are required; every other member takes the kind's default. `scope` defaults to the stages retention, expansion, contraction; "
                + "`severity` is `base` (medium) raised to `raised` (high) by the kind's rule (`raiseAt` for scores, `raiseForSegments` for segments); `cooldownDays` 30; `autoResolve` true for window kinds; "
                + "`enabled` false, so a rule is reviewed with a dry-run first. Segment names are checked against the known segments." + Kinds)
            .Accepts<AlertRuleFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        rules.MapGet("/", ListAlertRules)
            .WithName(nameof(ListAlertRules))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("The alert rules")
            .WithDescription("Newest first, keyset-paginated; filters `kind` and `enabled`. A rule of each kind is seeded, disabled.")
            .ProducesValidationProblem();
        rules.MapPost("/dry-run", DryRunDraftAlertRule)
            .WithName(nameof(DryRunDraftAlertRule))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Dry-run a draft rule")
            .WithDescription("Evaluates the draft in `rule` (a rule body; `key` optional) at `asOf` (default now; a past asOf is a backtest) and returns the alerts it would open (up to `limit`) and the figures. Writes nothing.")
            .Accepts<AlertDryRunRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireHeavyRateLimit();

        var one = app.MapGroup("/api/v1/alert-rules/{id:guid}").WithTags("Alerts").GuardQueryString();
        one.MapGet("/", GetAlertRule)
            .WithName(nameof(GetAlertRule))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Get an alert rule")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateAlertRule)
            .WithName(nameof(UpdateAlertRule))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Update an alert rule (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch (`params` merge member by member); `kind` cannot change. A change increments `version`; alerts and evaluations record the version they came from. `If-Match` with a stale ETag → 412.")
            .Accepts<AlertRuleFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapDelete("/", DeleteAlertRule)
            .WithName(nameof(DeleteAlertRule))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Delete an alert rule")
            .WithDescription("The rule is no longer listed or evaluated; its alerts keep their status and still name it, and its key can be used again.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        one.MapPost("/evaluations", StartAlertEvaluation)
            .WithName(nameof(StartAlertEvaluation))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Evaluate a rule now")
            .WithDescription("Queues an evaluation of the rule's current version at `asOf` (default now, never in the future; a past asOf reconstructs the data of then: orders with orderedAt ≤ asOf) and answers 202 with its Location. "
                + "The same (rule version, asOf) is evaluated once: asking again returns that evaluation. 409 `alert-rule-disabled` for a disabled rule (use the dry-run), `alert-rule-not-evaluable` for event kinds.")
            .Accepts<AlertEvaluationRequest>("application/json")
            .Produces<AlertEvaluationDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireHeavyRateLimit();
        one.MapPost("/dry-run", DryRunAlertRule)
            .WithName(nameof(DryRunAlertRule))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Dry-run a rule")
            .WithDescription("Evaluates the rule (or, with `rule`, the rule merge-patched by it) at `asOf` and returns the alerts it would open (up to `limit`, most severe first) and the figures an evaluation would record. Writes nothing.")
            .Accepts<AlertDryRunRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireHeavyRateLimit();

        app.MapGet("/api/v1/alert-evaluations/{id:guid}", GetAlertEvaluation)
            .WithTags("Alerts")
            .GuardQueryString()
            .WithName(nameof(GetAlertEvaluation))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Get an alert evaluation")
            .WithDescription("`status` queued, running, succeeded or failed; once succeeded the `figures`: customers `evaluated`, `notEvaluable` by reason, `fired`, `updated`, `suppressed`, `autoResolved`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<AlertRuleDto>> CreateAlertRule(JsonBody<AlertRuleFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var rule = await sender.Send(new CreateAlertRuleCommand(body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(rule.RowVersion);
        return TypedResults.Created($"/api/v1/alert-rules/{rule.Id}", rule);
    }

    /// <param name="kind">Only rules of this kind.</param>
    /// <param name="enabled">Only enabled (true) or disabled (false) rules.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<AlertRuleDto>>> ListAlertRules(
        [FromQuery] string? kind, [FromQuery] bool? enabled, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListAlertRulesQuery(RequestValues.Enum<AlertKind>(kind, nameof(kind)), enabled, limit, cursor), cancellationToken));

    public static async Task<Results<Ok<AlertRuleDto>, StatusCodeHttpResult>> GetAlertRule(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var rule = await sender.Send(new GetAlertRuleQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(rule.RowVersion);
        return ETags.NoneMatchHits(context.Request, rule.RowVersion) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(rule);
    }

    public static async Task<Ok<AlertRuleDto>> UpdateAlertRule(Guid id, JsonBody<AlertRuleFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var rule = await sender.Send(new UpdateAlertRuleCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(rule.RowVersion);
        return TypedResults.Ok(rule);
    }

    public static async Task<NoContent> DeleteAlertRule(Guid id, ISender sender, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteAlertRuleCommand(id, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Accepted<AlertEvaluationDto>> StartAlertEvaluation(Guid id, JsonBody<AlertEvaluationRequest> body, ISender sender, CancellationToken cancellationToken)
    {
        var evaluation = await sender.Send(new StartAlertEvaluationCommand(id, body.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/alert-evaluations/{evaluation.Id}", evaluation);
    }

    public static async Task<Ok<AlertEvaluationDto>> GetAlertEvaluation(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetAlertEvaluationQuery(id), cancellationToken));

    public static async Task<Ok<AlertDryRunDto>> DryRunAlertRule(Guid id, JsonBody<AlertDryRunRequest> body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new DryRunAlertRuleCommand(id, body.Value), cancellationToken));

    public static async Task<Ok<AlertDryRunDto>> DryRunDraftAlertRule(JsonBody<AlertDryRunRequest> body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new DryRunAlertRuleCommand(null, body.Value), cancellationToken));
}
