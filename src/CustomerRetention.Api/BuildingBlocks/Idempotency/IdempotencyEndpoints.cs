namespace CustomerRetention.Api.BuildingBlocks.Idempotency;

/// <summary>Endpoint metadata: this operation refuses a request without <c>Idempotency-Key</c> (a 400).</summary>
public sealed class IdempotencyKeyRequired;

/// <summary>Marks endpoints whose retries are too costly to leave to chance (batch and import endpoints, SPEC §10.3).</summary>
public static class IdempotencyEndpoints
{
    public static TBuilder RequireIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyRequired());
}
