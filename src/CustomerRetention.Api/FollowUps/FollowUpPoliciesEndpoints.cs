using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.FollowUps;
using CustomerRetention.Application.FollowUps.CreateCadencePolicy;
using CustomerRetention.Application.FollowUps.DeleteCadencePolicy;
using CustomerRetention.Application.FollowUps.GetBirthdayPolicy;
using CustomerRetention.Application.FollowUps.GetCadencePolicy;
using CustomerRetention.Application.FollowUps.GetFollowUpRun;
using CustomerRetention.Application.FollowUps.GetPostPurchasePolicy;
using CustomerRetention.Application.FollowUps.ListCadencePolicies;
using CustomerRetention.Application.FollowUps.ReplaceBirthdayPolicy;
using CustomerRetention.Application.FollowUps.ReplacePostPurchasePolicy;
using CustomerRetention.Application.FollowUps.StartFollowUpRun;
using CustomerRetention.Application.FollowUps.UpdateCadencePolicy;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.FollowUps;

/// <summary>The policies that create tasks (SPEC §9.2) and the follow-up runs that apply them.</summary>
public static class FollowUpPoliciesEndpoints
{
    private const string Tiers =
        " `tiers` is an ordered list `{ name, segments | minClv, intervalDays }`: the first tier the customer matches wins (by RFM segment of the latest succeeded RFM run, by CLV of the latest succeeded CLV model, or everyone when neither is given); "
        + "`intervalDays` null means no cadence. A customer's next task is due on its last qualifying touch's local date (no touch: its creation date) + intervalDays; the daily run keeps one open task for it once that is at most 7 days ahead, "
        + "re-dates it when the tier or interval changes, and cancels it when the customer leaves the scope or its tier has no cadence.";

    public static IEndpointRouteBuilder MapFollowUpPolicies(this IEndpointRouteBuilder app)
    {
        var cadence = app.MapGroup("/api/v1/cadence-policies").WithTags(TasksEndpoints.Tag).GuardQueryString();
        cadence.MapPost("/", CreateCadencePolicy)
            .WithName(nameof(CreateCadencePolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Create a cadence policy")
            .WithDescription("`name` and `tiers` are required; `scope` (stages, segments, tags; empty lists match everyone), `taskType` (default call), `touchTypes` (default outbound phone, email, sms, wechat, visit, meeting) and `enabled` (default false) are optional." + Tiers)
            .Accepts<CadencePolicyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        cadence.MapGet("/", ListCadencePolicies)
            .WithName(nameof(ListCadencePolicies))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Cadence policies")
            .WithDescription("Newest first, keyset-paginated. A disabled example (monthly for high-value RFM segments, quarterly for the rest) is seeded.")
            .ProducesValidationProblem();

        var one = app.MapGroup("/api/v1/cadence-policies/{id:guid}").WithTags(TasksEndpoints.Tag).GuardQueryString();
        one.MapGet("/", GetCadencePolicy)
            .WithName(nameof(GetCadencePolicy))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Get a cadence policy")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateCadencePolicy)
            .WithName(nameof(UpdateCadencePolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Update a cadence policy (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch; arrays (`tiers`, `touchTypes`, the scope's lists) are replaced as a whole. A change raises `version`; the next run re-dates the open tasks. `If-Match` with a stale ETag → 412." + Tiers)
            .Accepts<CadencePolicyFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapDelete("/", DeleteCadencePolicy)
            .WithName(nameof(DeleteCadencePolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Delete a cadence policy")
            .WithDescription("Its open tasks stay open (someone may be working them) until completed or cancelled.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        var reminders = app.MapGroup("/api/v1/reminder-policies").WithTags(TasksEndpoints.Tag).GuardQueryString();
        reminders.MapGet("/birthday", GetBirthdayPolicy)
            .WithName(nameof(GetBirthdayPolicy))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("The birthday reminder policy");
        reminders.MapPut("/birthday", ReplaceBirthdayPolicy)
            .WithName(nameof(ReplaceBirthdayPolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Replace the birthday reminder policy")
            .WithDescription("The whole policy; members left out take their defaults (`leadDays` 3, `taskType` call, `feb29` feb28, `enabled` false). When enabled, each run creates a task due `leadDays` before each customer's birthday in asOf's year "
                + "(29 February → 28 February or 1 March in other years), from 7 days before it is due until the birthday, once per customer and year. `If-Match` with a stale ETag → 412.")
            .Accepts<BirthdayPolicyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        reminders.MapGet("/post-purchase", GetPostPurchasePolicy)
            .WithName(nameof(GetPostPurchasePolicy))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("The post-purchase reminder policy");
        reminders.MapPut("/post-purchase", ReplacePostPurchasePolicy)
            .WithName(nameof(ReplacePostPurchasePolicy))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Replace the post-purchase reminder policy")
            .WithDescription("The whole policy; members left out take their defaults (`delayDays` 7, `action` task, `taskType` call, `skipIf` all three, `enabled` false). `action` accepts only `task` until survey sends arrive with the surveys module. "
                + "When enabled, each run creates one feedback task per order, due the order's local date + `delayDays`, from 7 days before until 7 days after it is due; orders now cancelled or refunded are skipped (and their open task cancelled) when `skipIf` names it. "
                + "`open-case` is accepted and takes effect once complaint cases exist. `If-Match` with a stale ETag → 412.")
            .Accepts<PostPurchasePolicyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var runs = app.MapGroup("/api/v1/follow-up-runs").WithTags(TasksEndpoints.Tag).GuardQueryString();
        runs.MapPost("/", StartFollowUpRun)
            .WithName(nameof(StartFollowUpRun))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Run the follow-up policies now")
            .WithDescription("Queues the daily follow-up job for `asOf` (a local date, default today in `Crm:TimeZone`) and answers 202 with its Location. A background worker evaluates every enabled cadence policy and the birthday and post-purchase reminders over all customers, set-based in PostgreSQL; "
                + "running it twice creates no task twice. The job also runs on its schedule (`Jobs:FollowUps:Schedule`, default 04:00 daily in `Crm:TimeZone`).")
            .Accepts<FollowUpRunRequest>("application/json")
            .Produces<FollowUpRunDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireHeavyRateLimit();
        runs.MapGet("/{id:guid}", GetFollowUpRun)
            .WithName(nameof(GetFollowUpRun))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("A follow-up run")
            .WithDescription("Status (queued, running, succeeded, failed), asOf, the time zone, and per policy what the run did: cadence customers in scope, tasks created, re-dated and cancelled; reminder tasks created and cancelled.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<CadencePolicyDto>> CreateCadencePolicy(JsonBody<CadencePolicyFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new CreateCadencePolicyCommand(body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Created($"/api/v1/cadence-policies/{policy.Id}", policy);
    }

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<CadencePolicyDto>>> ListCadencePolicies([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListCadencePoliciesQuery(limit, cursor), cancellationToken));

    public static async Task<Results<Ok<CadencePolicyDto>, StatusCodeHttpResult>> GetCadencePolicy(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new GetCadencePolicyQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(policy.RowVersion);
        return ETags.NoneMatchHits(context.Request, policy.RowVersion)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(policy);
    }

    public static async Task<Ok<CadencePolicyDto>> UpdateCadencePolicy(Guid id, JsonBody<CadencePolicyFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new UpdateCadencePolicyCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Ok(policy);
    }

    public static async Task<NoContent> DeleteCadencePolicy(Guid id, ISender sender, HttpRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteCadencePolicyCommand(id, ETags.ExpectedVersion(request)), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<BirthdayPolicyDto>> GetBirthdayPolicy(ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new GetBirthdayPolicyQuery(), cancellationToken);
        response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Ok(policy);
    }

    public static async Task<Ok<BirthdayPolicyDto>> ReplaceBirthdayPolicy(JsonBody<BirthdayPolicyFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new ReplaceBirthdayPolicyCommand(body.Value, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Ok(policy);
    }

    public static async Task<Ok<PostPurchasePolicyDto>> GetPostPurchasePolicy(ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new GetPostPurchasePolicyQuery(), cancellationToken);
        response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Ok(policy);
    }

    public static async Task<Ok<PostPurchasePolicyDto>> ReplacePostPurchasePolicy(JsonBody<PostPurchasePolicyFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await sender.Send(new ReplacePostPurchasePolicyCommand(body.Value, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(policy.RowVersion);
        return TypedResults.Ok(policy);
    }

    public static async Task<Accepted<FollowUpRunDto>> StartFollowUpRun(JsonBody<FollowUpRunRequest> body, ISender sender, CancellationToken cancellationToken)
    {
        var run = await sender.Send(new StartFollowUpRunCommand(body.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/follow-up-runs/{run.Id}", run);
    }

    public static async Task<Ok<FollowUpRunDto>> GetFollowUpRun(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetFollowUpRunQuery(id), cancellationToken));
}
