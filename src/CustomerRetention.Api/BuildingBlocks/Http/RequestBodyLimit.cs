namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// Endpoint metadata: this endpoint takes request bodies up to <see cref="Bytes"/> instead of the
/// API's 1 MiB (an import's file). Applied to Kestrel's limit and to the idempotency fingerprint,
/// which buffers past 1 MiB to a temporary file, never in memory.
/// </summary>
public sealed record RequestBodyLimit(long Bytes);
