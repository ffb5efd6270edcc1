namespace CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller (table <c>idempotency_keys</c>, ADR 20): what the first
/// request looked like (its fingerprint), how far it got, and, once it finished, the answer a repeat replays.
/// </summary>
public sealed class IdempotencyKeyRecord
{
    /// <summary>Claimed by a running request; its change (if any) is not committed.</summary>
    public const string InFlight = "in-flight";

    /// <summary>The request's change committed with this row; the answer is not stored yet.</summary>
    public const string Committed = "committed";

    /// <summary>The answer is stored and is replayed.</summary>
    public const string Completed = "completed";

    /// <summary>The longest key a client may send.</summary>
    public const int KeyMaxLength = 255;

    /// <summary>The longest caller (<c>user:&lt;uuid&gt;</c>, <c>api-key:&lt;uuid&gt;</c>) stored.</summary>
    public const int CallerMaxLength = 200;

    public string Caller { get; init; } = string.Empty;

    public string Key { get; init; } = string.Empty;

    /// <summary>Which attempt holds the key: a stale claim taken over by a retry is no longer the old attempt's to commit or complete.</summary>
    public Guid ClaimId { get; init; }

    /// <summary>SHA-256 of method, path, query and body.</summary>
    public byte[] Fingerprint { get; init; } = [];

    public string Status { get; init; } = InFlight;

    public int? ResponseStatus { get; init; }

    public string? ResponseLocation { get; init; }

    public string? ResponseETag { get; init; }

    public string? ResponseContentType { get; init; }

    public byte[]? ResponseBody { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
