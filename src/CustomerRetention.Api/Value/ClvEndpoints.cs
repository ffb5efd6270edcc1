using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Value;
using CustomerRetention.Application.Value.GetClvModel;
using CustomerRetention.Application.Value.ListClvCustomers;
using CustomerRetention.Application.Value.ListClvModels;
using CustomerRetention.Application.Value.StartClvModel;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Value;

/// <summary>Predictive value (SPEC §8.2): BG/NBD + Gamma-Gamma model fits as jobs, and their per-customer predictions.</summary>
public static class ClvEndpoints
{
    public static IEndpointRouteBuilder MapClv(this IEndpointRouteBuilder app)
    {
        var clv = app.MapGroup("/api/v1/clv").WithTags("CLV").GuardQueryString();

        clv.MapPost("/models", StartClvModel)
            .WithName(nameof(StartClvModel))
            .RequireAuthorization(Policies.Runs)
            .WithSummary("Fit a CLV model")
            .WithDescription("Queues a BG/NBD + Gamma-Gamma fit over the completed orders on or before `calibrationEnd` (required, a date not in the future; one purchase per distinct UTC day, time in days) and answers 202 with its Location. `horizonDays` (1–3650, default 365) is the prediction horizon; `monthlyDiscountRate` (0 ≤ d < 1, default 0.01) discounts each 30-day month. A fit that cannot be identified or does not converge ends `failed` with the reason in `error`.")
            .Accepts<ClvModelRequest>("application/json")
            .Produces<ClvModelDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireHeavyRateLimit();
        clv.MapGet("/models", ListClvModels)
            .WithName(nameof(ListClvModels))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("CLV models, newest first")
            .ProducesValidationProblem();
        clv.MapGet("/models/{id:guid}", GetClvModel)
            .WithName(nameof(GetClvModel))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("A CLV model")
            .WithDescription("Status (queued, running, succeeded, failed), parameters, the fitted BG/NBD (`alpha` per day) and Gamma-Gamma parameters with their log-likelihoods, the number of customers, timings and the error of a failed fit.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        clv.MapGet("/models/{id:guid}/customers", ListClvCustomers)
            .WithName(nameof(ListClvCustomers))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("A CLV model's per-customer predictions")
            .WithDescription("P(alive), expected purchases and average order value over the horizon, discounted CLV and churn risk (`high` if P(alive) < 0.3, `medium` if < 0.7, else `low`), keyset-paginated. `sort`: `-clv` (default), `pAlive` or `-pAlive`. P(alive) is 1 for customers with a single purchase day: in BG/NBD a customer can only drop out after a repeat purchase. 409 unless the model succeeded.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Accepted<ClvModelDto>> StartClvModel(JsonBody<ClvModelRequest> body, ISender sender, CancellationToken cancellationToken)
    {
        var model = await sender.Send(new StartClvModelCommand(body.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/clv/models/{model.Id}", model);
    }

    public static async Task<Ok<ClvModelDto>> GetClvModel(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetClvModelQuery(id), cancellationToken));

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<ClvModelDto>>> ListClvModels([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListClvModelsQuery(limit, cursor), cancellationToken));

    /// <param name="id">The model.</param>
    /// <param name="sort">-clv (default), pAlive or -pAlive.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page (with the same sort).</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<ClvCustomerDto>>> ListClvCustomers(
        Guid id, [FromQuery] string? sort, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListClvCustomersQuery(id, sort, limit, cursor), cancellationToken));
}
