using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

namespace CustomerRetention.Api.BuildingBlocks.Idempotency;

/// <summary>Reads the <c>Idempotency-Key</c> request header: 1–255 characters, once, printable.</summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>The response header that marks a replayed answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = IdempotencyKeyRecord.KeyMaxLength;

    /// <summary>
    /// The key, or null when none was sent and the endpoint does not require one. A key that is
    /// empty, too long, sent twice or carries control characters is a 400 naming the header, as is
    /// a missing key where the endpoint requires one (<see cref="IdempotencyEndpoints.RequireIdempotencyKey{TBuilder}"/>).
    /// </summary>
    public static string? Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.Request.Headers[Name];
        if (values.Count == 0)
        {
            return context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyRequired>() is null
                ? null
                : throw Refused("This operation requires an Idempotency-Key header, so that a retry cannot do it twice.", "Required: 1 to 255 characters chosen by the client, e.g. a UUID.");
        }

        if (values.Count > 1)
        {
            throw Refused("Send one Idempotency-Key header, not several.", "Sent more than once.");
        }

        var key = values[0] ?? string.Empty;
        if (key.Length is 0 or > MaxLength)
        {
            throw Refused($"The Idempotency-Key header must be 1 to {MaxLength} characters.", $"Must be 1 to {MaxLength} characters (got {key.Length}).");
        }

        if (InputText.Problem(key) is { } problem)
        {
            throw Refused("The Idempotency-Key header is not valid.", problem);
        }

        return key;
    }

    private static RequestRejectedException Refused(string message, string error) =>
        new(StatusCodes.Status400BadRequest, message, new Dictionary<string, string[]> { [Name] = [error] });
}
