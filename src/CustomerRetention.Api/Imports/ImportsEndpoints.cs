using CustomerRetention.Api.BuildingBlocks.Csv;
using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Idempotency;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Imports;
using CustomerRetention.Application.Imports.ExportImportErrors;
using CustomerRetention.Application.Imports.GetImport;
using CustomerRetention.Application.Imports.ListImportErrors;
using CustomerRetention.Application.Imports.StartImport;
using CustomerRetention.Domain.Imports;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CustomerRetention.Api.Imports;

/// <summary>Imports (SPEC §10.2): a CSV or NDJSON file of customers or orders, run as a job.</summary>
public static class ImportsEndpoints
{
    public const string NdjsonType = "application/x-ndjson";
    public const string MultipartType = "multipart/form-data";

    /// <summary>What a multipart upload may add around its file (boundaries, part headers).</summary>
    private const long MultipartAllowance = 64 * 1024;

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<ImportSettings>();
        var imports = app.MapGroup("/api/v1/imports").WithTags("Imports").GuardQueryString();

        imports.MapPost("/", StartImport)
            .WithName(nameof(StartImport))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("Import customers or orders from a CSV or NDJSON file")
            .WithDescription(
                $"Stores the file and answers 202 with the import and its Location; a background worker then reads it row by row and upserts by `externalId` (an unchanged row writes nothing). "
                + "The body is the file itself (`text/csv` with a header row, or `application/x-ndjson`: one object per line), or `multipart/form-data` with one file part. "
                + "`kind=customers`: each row is checked with the rules of `POST /api/v1/customers` (a row without `externalId` creates a customer). CSV columns: the customer export's (`externalId`, `type`, `name`, `company`, `email`, `phone`, `lifecycleStage`, `stageEnteredAt`, `ownerId`, `tags` joined with `;`), plus `birthday`; the export's `id`, `segment`, `createdAt` and `updatedAt` are accepted and ignored. "
                + "`kind=orders`: each row is a batch order item of `POST /api/v1/orders/batch` (the same rules: `externalId` required, amount = Σ items, the configured currency, a live customer named by `customerId` or `customerExternalId`; an existing order may change only its status and notes), with the automatic first-purchase and win-back stage changes. CSV columns: `externalId`, `customerExternalId` or `customerId`, `orderedAt`, `status`, `statusReason`, `amount`, `currency`, `channel`, `notes` (items only through NDJSON). "
                + "An unknown column is a 400 naming it. "
                + "Up to `Imports:MaxBytes` (default 100 MiB; 413 beyond). All or nothing per chunk of `Imports:ChunkRows` rows. Requires `Idempotency-Key`. Draws from the heavy rate-limit bucket.")
            .Accepts<string>(CsvMedia.Type, NdjsonType, MultipartType)
            .WithMetadata(new RequestBodyLimit(settings.MaxBytes + MultipartAllowance))
            .Produces<ImportDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireIdempotencyKey()
            .RequireHeavyRateLimit();
        imports.MapGet("/{id:guid}", GetImport)
            .WithName(nameof(GetImport))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("An import")
            .WithDescription("Status (queued, running, succeeded, failed), `totalRows` (null until the file has been read), `processedRows` (rows of committed chunks) and the counts `created`, `updated`, `unchanged`, `failed`. A failed import keeps the chunks committed before its `error`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        imports.MapGet("/{id:guid}/errors", ListImportErrors)
            .WithName(nameof(ListImportErrors))
            .RequireAuthorization(Policies.WriteCustomers)
            .WithSummary("An import's refused rows")
            .WithDescription("Per refused row: `row` (CSV: the header is row 1; NDJSON: the line number), `field` (null for the whole row) and `message`, in file order, keyset-paginated. With `Accept: text/csv`, every error as one RFC 4180 CSV file (`row,field,message`) instead.")
            .Produces<Page<ImportRowErrorDto>>(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status200OK, CsvMedia.Type)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="kind">What the file holds: customers or orders.</param>
    /// <param name="request">The upload.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="actor">Who uploads (the actor of the changes).</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Accepted<ImportDto>> StartImport(
        [FromQuery, System.ComponentModel.DataAnnotations.MaxLength(20)] string? kind, HttpRequest request, ISender sender, ICurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        ImportDto import;
        if (media?.MediaType.Equals(MultipartType, StringComparison.OrdinalIgnoreCase) == true)
        {
            var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value
                ?? throw Unsupported("A multipart upload needs a boundary.");
            var reader = new MultipartReader(boundary, request.Body);
            var section = await reader.ReadNextSectionAsync(cancellationToken)
                ?? throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The multipart body has no part: send one file part.");
            var format = FormatOf(section.ContentType, ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? disposition.FileName.Value : null);
            import = await sender.Send(new StartImportCommand(kind, format, section.Body, actor.Name), cancellationToken);
        }
        else
        {
            import = await sender.Send(new StartImportCommand(kind, FormatOf(request.ContentType, null), request.Body, actor.Name), cancellationToken);
        }

        return TypedResults.Accepted($"/api/v1/imports/{import.Id}", import);
    }

    public static async Task<Ok<ImportDto>> GetImport(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetImportQuery(id), cancellationToken));

    /// <param name="id">The import.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="request">Its Accept header chooses JSON or CSV.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="clock">Stamps the CSV file name.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<IResult> ListImportErrors(
        Guid id, [FromQuery] int? limit, [FromQuery] string? cursor, HttpRequest request, ISender sender, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvMedia.Type, StringComparison.OrdinalIgnoreCase)))
        {
            return new CsvResult<ImportRowErrorDto>(await sender.Send(new ExportImportErrorsQuery(id), cancellationToken), ErrorColumns, $"import-{id}-errors", clock);
        }

        return TypedResults.Ok(await sender.Send(new ListImportErrorsQuery(id, limit, cursor), cancellationToken));
    }

    private static readonly IReadOnlyList<CsvColumn<ImportRowErrorDto>> ErrorColumns =
    [
        new("row", e => e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("field", e => e.Field, FreeText: true),
        new("message", e => e.Message, FreeText: true),
    ];

    private static ImportFormat FormatOf(string? contentType, string? fileName)
    {
        var media = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(media, CsvMedia.Type, StringComparison.OrdinalIgnoreCase) || (IsGeneric(media) && Ends(fileName, ".csv")))
        {
            return ImportFormat.Csv;
        }

        if (string.Equals(media, NdjsonType, StringComparison.OrdinalIgnoreCase) || (IsGeneric(media) && (Ends(fileName, ".ndjson") || Ends(fileName, ".jsonl"))))
        {
            return ImportFormat.Ndjson;
        }

        throw Unsupported($"An import is text/csv or {NdjsonType} (the body itself, or one part of a {MultipartType} body).");
    }

    private static bool IsGeneric(string? media) => media is null || media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    private static bool Ends(string? fileName, string extension) => fileName?.Trim('"').EndsWith(extension, StringComparison.OrdinalIgnoreCase) == true;

    private static RequestRejectedException Unsupported(string message) => new(StatusCodes.Status415UnsupportedMediaType, message);
}
