using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Surveys;
using CustomerRetention.Application.Surveys.CreateSurvey;
using CustomerRetention.Application.Surveys.CreateSurveySend;
using CustomerRetention.Application.Surveys.GetNpsAnalytics;
using CustomerRetention.Application.Surveys.GetSurvey;
using CustomerRetention.Application.Surveys.IssueSurveyToken;
using CustomerRetention.Application.Surveys.ListSurveyResponses;
using CustomerRetention.Application.Surveys.ListSurveys;
using CustomerRetention.Application.Surveys.ListSurveySends;
using CustomerRetention.Application.Surveys.RecordSurveyResponse;
using CustomerRetention.Application.Surveys.SubmitSurveyResponse;
using CustomerRetention.Application.Surveys.UpdateSurvey;
using CustomerRetention.Domain.Surveys;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Surveys;

/// <summary>NPS and CSAT surveys (SPEC §9.4): surveys, sends with single-use tokens, responses (by agents and through the public endpoint) and the NPS analytics.</summary>
public static class SurveysEndpoints
{
    public const string Tag = "Surveys";

    private const string Scale = " NPS surveys are scored 0–10 (promoters 9–10, passives 7–8, detractors 0–6), CSAT surveys 1–5 (satisfied 4–5).";

    private const string Records =
        " The response records an inbound interaction on the customer (type survey, `npsScore` or `satisfaction` set, outcome the category, notes the comment), which is how it appears on the timeline, "
        + "and a snapshot of the customer's RFM segment (latest succeeded run) and lifecycle stage at response time, which the analytics group by.";

    public static IEndpointRouteBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        var surveys = app.MapGroup("/api/v1/surveys").WithTags(Tag).GuardQueryString();
        surveys.MapPost("/", CreateSurvey)
            .WithName(nameof(CreateSurvey))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Create a survey")
            .WithDescription("`type` (nps or csat), `name` and `question` are required; `status` defaults to draft, `throttleDays` to 30, `expiresAfterDays` to 14. Only an active survey sends." + Scale)
            .Accepts<SurveyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        surveys.MapGet("/", ListSurveys)
            .WithName(nameof(ListSurveys))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Surveys")
            .WithDescription("Newest first, keyset-paginated; filters `status` and `type`.")
            .ProducesValidationProblem();

        var one = app.MapGroup("/api/v1/surveys/{id:guid}").WithTags(Tag).GuardQueryString();
        one.MapGet("/", GetSurvey)
            .WithName(nameof(GetSurvey))
            .RequireAuthorization(Policies.ReadRules)
            .WithSummary("Get a survey")
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPatch("/", UpdateSurvey)
            .WithName(nameof(UpdateSurvey))
            .RequireAuthorization(Policies.ManageRules)
            .WithSummary("Update a survey (JSON merge-patch)")
            .WithDescription("RFC 7396 merge-patch of `type`, `name`, `question`, `status`, `throttleDays` and `expiresAfterDays`; a change raises `version`. "
                + "`status` moves draft → active → archived only (draft → archived too), otherwise 409 `survey-transition-not-allowed`; `type` changes only while the survey is a draft (409 `survey-type-locked`). "
                + "`If-Match` with a stale ETag → 412.")
            .Accepts<SurveyFields>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapPost("/sends", CreateSurveySend)
            .WithName(nameof(CreateSurveySend))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Send a survey to a customer")
            .WithDescription("`customerId` and `channel` are required, `context` (`{ type: order | case | interaction, id }`) is optional. Only an active survey sends (409 `survey-not-active`). "
                + "Sends to one customer are serialized: when the customer was sent any survey in the last `throttleDays` of this survey (a send whose `sentAt` is after now − throttleDays), the send is recorded `throttled` "
                + "(with `throttledBy`, no token, never retried), otherwise `sent` with `expiresAt` = sentAt + expiresAfterDays and a single-use `token` (256 random bits, URL-safe) for `POST /api/v1/public/survey-responses/{token}`. "
                + "The token is in this answer only: the server stores its SHA-256 hash, never the token. An agent sends to the customers it owns (another owner's customer → 404).")
            .Accepts<SurveySendRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        one.MapGet("/sends", ListSurveySends)
            .WithName(nameof(ListSurveySends))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("A survey's sends")
            .WithDescription("Newest first, keyset-paginated; filters `status` (sent, responded, expired, throttled) and `customerId`. Agents see the sends to the customers they own. Sends are `expired` by a job every 15 minutes (`Jobs:SurveyExpiry:Schedule`).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPost("/sends/{sendId:guid}/token", IssueSurveyToken)
            .WithName(nameof(IssueSurveyToken))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Hand out the token of an automated send, once")
            .WithDescription("An automated send (a post-purchase survey made by a follow-up run: its `survey.sent` event has actor `system`) is made without a token, since no caller is there to receive it. "
                + "The integration that delivers the survey (reacting to the `survey.sent` webhook) calls this once: the answer is `{ sendId, token, expiresAt }`, the token made now (256 random bits, URL-safe) for `POST /api/v1/public/survey-responses/{token}`; the server stores its SHA-256 hash only. "
                + "A second call, or one for a send made through `POST /surveys/{id}/sends` (its token was in that answer), → 409 `survey-token-issued`; a throttled send → 409 `survey-send-not-open`, an expired one 409 `survey-send-expired`, an answered one 409 `survey-already-answered`. "
                + "No body. An agent reaches the sends to the customers it owns (another's → 404).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        one.MapGet("/responses", ListSurveyResponses)
            .WithName(nameof(ListSurveyResponses))
            .RequireAuthorization(Policies.ReadWork)
            .WithSummary("A survey's responses")
            .WithDescription("Newest first, keyset-paginated; filter `customerId`. Each response carries its `category` and the `snapshot` (segment, RFM run, stage) taken at response time. Agents see the responses of the customers they own.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/customers/{id:guid}/survey-responses", RecordSurveyResponse)
            .WithTags(Tag)
            .GuardQueryString()
            .WithName(nameof(RecordSurveyResponse))
            .RequireAuthorization(Policies.Work)
            .WithSummary("Record a customer's survey response")
            .WithDescription("Exactly one of `surveyId` (an answer without a send) and `sendId` (the answer to one of the customer's sends, which becomes `responded`); `score` is required, `comment`, `channel` (default the send's, else other) and `respondedAt` (not in the future, default now) are optional. "
                + "The survey must be active (409 `survey-not-active`); a send takes one response (409 `survey-already-answered`) and none after its `expiresAt` (409 `survey-send-expired`); a score off the survey's scale → 409 `survey-score-out-of-range`." + Scale + Records)
            .Accepts<SurveyResponseRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapPost("/api/v1/public/survey-responses/{token}", SubmitSurveyResponse)
            .WithTags(Tag)
            .GuardQueryString()
            .WithName(nameof(SubmitSurveyResponse))
            .AllowAnonymous()
            .WithSummary("Answer a survey with its token (no credential)")
            .WithDescription("The customer's own answer, `{ score, comment }`: the token of the send is the credential, so no `Authorization` or `X-Api-Key` is needed, and requests are rate limited per client address like every anonymous caller. "
                + "An unknown token → 404; a token already answered → 409 `survey-already-answered` (a second submit), past its `expiresAt` → 409 `survey-send-expired`; neither answer names the customer or the survey. "
                + "The answer echoes the score, the comment and the time only. `Idempotency-Key` has no caller to be scoped to here and is ignored: a retry of an answer that was taken gets 409 `survey-already-answered`." + Scale + Records)
            .Accepts<PublicSurveyResponseRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapGet("/api/v1/analytics/nps", GetNpsAnalytics)
            .WithTags("Analytics")
            .GuardQueryString()
            .WithName(nameof(GetNpsAnalytics))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("NPS (or CSAT) by segment, stage, channel or survey")
            .WithDescription("Responses with `respondedAt` in the half-open [`from`, `to`) (both required), of one survey (`surveyId`) or of every survey of one `type` (default the survey's type, else nps), of live customers. "
                + "`groupBy` segment or stage groups by the snapshot taken at response time (so a customer who moved segment since counts where it was; key null: no RFM segment then), channel by the response's channel, survey by survey id; without it one group `all`. "
                + "With `interval` (day, ISO week from Monday, calendar month; UTC, like the other analytics; at most 1 000 periods) each group has one entry per period with `periodStart`, empty periods included. "
                + "NPS = 100 × (promoters − detractors) / responses, one decimal, null without responses; `ci95` = NPS ± 1.96 × √Var × 100 with Var = (p + d − (p − d)²) / n (p, d the promoter and detractor shares), clamped to [−100, 100] "
                + "(50 promoters, 30 passives, 20 detractors → 30.0, [14.7, 45.3]). CSAT surveys report `satisfied` and `csat` = 100 × satisfied (score ≥ 4) / responses instead.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<SurveyDto>> CreateSurvey(JsonBody<SurveyFields> body, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var survey = await sender.Send(new CreateSurveyCommand(body.Value), cancellationToken);
        response.Headers.ETag = ETags.From(survey.RowVersion);
        return TypedResults.Created($"/api/v1/surveys/{survey.Id}", survey);
    }

    /// <param name="status">draft, active or archived.</param>
    /// <param name="type">nps or csat.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<SurveyDto>>> ListSurveys(
        [FromQuery] string? status, [FromQuery] string? type, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(
            new ListSurveysQuery(RequestValues.Enum<SurveyStatus>(status, nameof(status)), RequestValues.Enum<SurveyType>(type, nameof(type)), limit, cursor),
            cancellationToken));

    public static async Task<Results<Ok<SurveyDto>, StatusCodeHttpResult>> GetSurvey(Guid id, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var survey = await sender.Send(new GetSurveyQuery(id), cancellationToken);
        context.Response.Headers.ETag = ETags.From(survey.RowVersion);
        return ETags.NoneMatchHits(context.Request, survey.RowVersion)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(survey);
    }

    public static async Task<Ok<SurveyDto>> UpdateSurvey(Guid id, JsonBody<SurveyFields> body, ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var survey = await sender.Send(new UpdateSurveyCommand(id, body.Document, ETags.ExpectedVersion(context.Request)), cancellationToken);
        context.Response.Headers.ETag = ETags.From(survey.RowVersion);
        return TypedResults.Ok(survey);
    }

    public static async Task<Created<SurveySendDto>> CreateSurveySend(Guid id, JsonBody<SurveySendRequest> body, ISender sender, CancellationToken cancellationToken)
    {
        var send = await sender.Send(new CreateSurveySendCommand(id, body.Value), cancellationToken);
        return TypedResults.Created($"/api/v1/surveys/{id}/sends?customerId={send.CustomerId}", send);
    }

    /// <param name="id">The survey.</param>
    /// <param name="status">sent, responded, expired or throttled (scheduled and cancelled are reserved).</param>
    /// <param name="customerId">Sends to this customer.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<SurveySendDto>>> ListSurveySends(
        Guid id, [FromQuery] string? status, [FromQuery] Guid? customerId, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListSurveySendsQuery(id, RequestValues.Enum<SurveySendStatus>(status, nameof(status)), customerId, limit, cursor), cancellationToken));

    /// <param name="id">The survey.</param>
    /// <param name="sendId">The automated send.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<SurveyTokenDto>> IssueSurveyToken(Guid id, Guid sendId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new IssueSurveyTokenCommand(id, sendId), cancellationToken));

    /// <param name="id">The survey.</param>
    /// <param name="customerId">Responses of this customer.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<SurveyResponseDto>>> ListSurveyResponses(
        Guid id, [FromQuery] Guid? customerId, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListSurveyResponsesQuery(id, customerId, limit, cursor), cancellationToken));

    public static async Task<Created<SurveyResponseDto>> RecordSurveyResponse(Guid id, JsonBody<SurveyResponseRequest> body, ISender sender, CancellationToken cancellationToken)
    {
        var response = await sender.Send(new RecordSurveyResponseCommand(id, body.Value), cancellationToken);
        return TypedResults.Created($"/api/v1/surveys/{response.SurveyId}/responses?customerId={id}", response);
    }

    /// <param name="token">The token of the send, as the send's create returned it.</param>
    /// <param name="body">The answer.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<SurveyReceiptDto>> SubmitSurveyResponse(string token, JsonBody<PublicSurveyResponseRequest> body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SubmitSurveyResponseCommand(token, body.Value), cancellationToken));

    /// <param name="from">Inclusive start (RFC 3339) of the responses' respondedAt.</param>
    /// <param name="to">Exclusive end (RFC 3339).</param>
    /// <param name="surveyId">Only this survey's responses.</param>
    /// <param name="groupBy">segment, stage, channel or survey (default: one group, all).</param>
    /// <param name="interval">day, week or month: one entry per period and group.</param>
    /// <param name="type">nps or csat (default the survey's type, else nps).</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<NpsAnalyticsDto>> GetNpsAnalytics(
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] Guid? surveyId, [FromQuery] string? groupBy, [FromQuery] string? interval, [FromQuery] string? type,
        ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetNpsAnalyticsQuery(from, to, surveyId, groupBy, interval, RequestValues.Enum<SurveyType>(type, nameof(type))), cancellationToken));
}
