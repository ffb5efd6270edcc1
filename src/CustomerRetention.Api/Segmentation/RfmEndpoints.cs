using CustomerRetention.Api.BuildingBlocks.Csv;
using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Application.Segmentation.ExportSegmentCustomers;
using CustomerRetention.Application.Segmentation.GetCustomerRfm;
using CustomerRetention.Application.Segmentation.GetRfmMigrations;
using CustomerRetention.Application.Segmentation.GetRfmRun;
using CustomerRetention.Application.Segmentation.GetSegmentMap;
using CustomerRetention.Application.Segmentation.GetSegments;
using CustomerRetention.Application.Segmentation.ListRfmRuns;
using CustomerRetention.Application.Segmentation.ListSegmentCustomers;
using CustomerRetention.Application.Segmentation.ReplaceSegmentMap;
using CustomerRetention.Application.Segmentation.StartRfmRun;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Segmentation;

/// <summary>RFM segmentation (SPEC §7): runs as jobs, results, segment map.</summary>
public static class RfmEndpoints
{
    public static IEndpointRouteBuilder MapRfm(this IEndpointRouteBuilder app)
    {
        var rfm = app.MapGroup("/api/v1/rfm").WithTags("RFM").GuardQueryString();

        rfm.MapPost("/runs", StartRfmRun)
            .WithName(nameof(StartRfmRun))
            .RequireAuthorization(Policies.Runs)
            .WithSummary("Start an RFM run")
            .WithDescription("Queues a run and answers 202 with its Location; a background worker scores every customer with a completed order before `asOf` (and within `windowDays`), set-based in PostgreSQL. Policy `quantile` (default) uses the 20/40/60/80th percentiles; `fixed` needs four ascending `breakpoints` per measure.")
            .Accepts<RfmRunRequest>("application/json")
            .Produces<RfmRunDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireHeavyRateLimit();
        rfm.MapGet("/runs", ListRfmRuns)
            .WithName(nameof(ListRfmRuns))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("RFM runs, newest first")
            .ProducesValidationProblem();
        rfm.MapGet("/runs/{id:guid}", GetRfmRun)
            .WithName(nameof(GetRfmRun))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("An RFM run")
            .WithDescription("Status (queued, running, succeeded, failed), parameters, the breakpoints and segment map used, scored customers, timings and the error of a failed run.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rfm.MapGet("/segments", GetRfmSegments)
            .WithName(nameof(GetRfmSegments))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("Segment summary of a run")
            .WithDescription("Per segment: customers, share of scored customers (0–1), revenue, revenue share (0–1) and averages. Reads the latest succeeded run unless `runId` is given.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rfm.MapGet("/segments/{segment}/customers", ListSegmentCustomers)
            .WithName(nameof(ListSegmentCustomers))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("Customers of a segment")
            .WithDescription("Highest monetary first, keyset-paginated. Reads the latest succeeded run unless `runId` is given.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rfm.MapGet("/segments/{segment}/customers/export", ExportSegmentCustomers)
            .WithName(nameof(ExportSegmentCustomers))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("Export a segment's customers as CSV")
            .WithDescription("Every customer of the segment list, highest monetary first, streamed as RFC 4180 CSV (UTF-8 with a byte order mark, CRLF, a header row). Names starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` (formula-injection guard). Reads the latest succeeded run unless `runId` is given. Draws from the heavy rate-limit bucket.")
            .Produces<string>(StatusCodes.Status200OK, CsvMedia.Type)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireHeavyRateLimit();
        rfm.MapGet("/migrations", GetRfmMigrations)
            .WithName(nameof(GetRfmMigrations))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("Segment migration between two runs")
            .WithDescription("How many customers moved from each segment to each other (`from`/`to` null for customers not scored in that run). Defaults: `toRunId` the latest succeeded run, `fromRunId` the succeeded run before it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rfm.MapGet("/segment-map", GetSegmentMap)
            .WithName(nameof(GetSegmentMap))
            .RequireAuthorization(Policies.ReadAnalytics)
            .WithSummary("The R × F segment map");
        rfm.MapPut("/segment-map", ReplaceSegmentMap)
            .WithName(nameof(ReplaceSegmentMap))
            .RequireAuthorization(Policies.Runs)
            .WithSummary("Replace the segment map")
            .WithDescription("25 cells, one per (r, f) with r, f from 1 to 5, kebab-case segment keys. Runs started afterwards use it; every run keeps the map it used.")
            .Accepts<SegmentMapDto>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapGet("/api/v1/customers/{id:guid}/rfm", GetCustomerRfm)
            .WithTags("RFM")
            .GuardQueryString()
            .WithName(nameof(GetCustomerRfm))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's RFM scores")
            .WithDescription("`current`: the latest succeeded run's scores (null when the customer was not scored there); `history`: every succeeded run that scored the customer, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Accepted<RfmRunDto>> StartRfmRun(JsonBody<RfmRunRequest> body, ISender sender, CancellationToken cancellationToken)
    {
        var run = await sender.Send(new StartRfmRunCommand(body.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/rfm/runs/{run.Id}", run);
    }

    public static async Task<Ok<RfmRunDto>> GetRfmRun(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetRfmRunQuery(id), cancellationToken));

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<RfmRunDto>>> ListRfmRuns([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListRfmRunsQuery(limit, cursor), cancellationToken));

    /// <param name="runId">A succeeded run; default the latest succeeded run.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<SegmentsDto>> GetRfmSegments([FromQuery] Guid? runId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetSegmentsQuery(runId), cancellationToken));

    /// <param name="segment">The segment key, e.g. champions.</param>
    /// <param name="runId">A succeeded run; default the latest succeeded run.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<SegmentCustomerDto>>> ListSegmentCustomers(
        string segment, [FromQuery] Guid? runId, [FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListSegmentCustomersQuery(segment, runId, limit, cursor), cancellationToken));

    /// <param name="segment">The segment key, e.g. champions.</param>
    /// <param name="runId">A succeeded run; default the latest succeeded run.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="clock">Stamps the file name.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<CsvResult<SegmentCustomerDto>> ExportSegmentCustomers(
        string segment, [FromQuery] Guid? runId, ISender sender, TimeProvider clock, CancellationToken cancellationToken) =>
        new(await sender.Send(new ExportSegmentCustomersQuery(segment, runId), cancellationToken), SegmentCustomerCsv.Columns, $"segment-{segment}", clock);

    /// <param name="fromRunId">The earlier run; default the succeeded run before toRunId.</param>
    /// <param name="toRunId">The later run; default the latest succeeded run.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<RfmMigrationsDto>> GetRfmMigrations(
        [FromQuery] Guid? fromRunId, [FromQuery] Guid? toRunId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetRfmMigrationsQuery(fromRunId, toRunId), cancellationToken));

    public static async Task<Ok<SegmentMapDto>> GetSegmentMap(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetSegmentMapQuery(), cancellationToken));

    public static async Task<Ok<SegmentMapDto>> ReplaceSegmentMap(JsonBody<SegmentMapDto> body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ReplaceSegmentMapCommand(body.Value.Cells), cancellationToken));

    public static async Task<Ok<CustomerRfmDto>> GetCustomerRfm(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCustomerRfmQuery(id), cancellationToken));
}
