using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Idempotency;
using CustomerRetention.Application.BuildingBlocks.Batches;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>What every batch endpoint shares (SPEC §10.2–10.3): a required Idempotency-Key, the heavy rate-limit bucket, a larger body.</summary>
internal static class BatchEndpoints
{
    /// <summary>The largest batch body: 1 000 items of several KiB each.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public const string Description =
        " Each item is answered at its index in `results`: `created`, `updated`, `unchanged` (the item equals what is stored: nothing is written and no event is emitted) or `error` "
        + "with `code` and `errors` as a single request would answer, the paths prefixed by the item (`items[3].email`). One bad item never stops the others; the batch runs in one transaction "
        + "with a savepoint per item, so the good items commit together. The whole request is a 400 only when it is malformed itself: not `{ \"items\": [ … ] }`, no items, more than 1 000, "
        + "or one `externalId` twice. `Idempotency-Key` is required (400 without it), so a retry after a timeout replays the answer instead of applying the batch again. The body may be up to 16 MiB. "
        + "Draws from the heavy rate-limit bucket.";

    public static RouteHandlerBuilder AsBatch<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder
            .Accepts<TRequest>("application/json")
            .Produces<BatchResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestBodyLimit(MaxBodyBytes))
            .RequireIdempotencyKey()
            .RequireHeavyRateLimit();
}
