using CustomerRetention.Domain.Webhooks;

namespace CustomerRetention.Application.Webhooks.Contracts;

/// <summary>One event's delivery to one subscription, with every attempt.</summary>
public sealed record WebhookDeliveryDto
{
    public Guid Id { get; init; }

    public Guid WebhookId { get; init; }

    /// <summary>The event delivered: also the <c>webhook-id</c> header of every attempt.</summary>
    public Guid EventId { get; init; }

    public required string EventType { get; init; }

    /// <summary>The event's customer; deliveries of one customer go out one at a time, in the log's order. Null for events about no single customer.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>pending (waiting for its next attempt), succeeded or failed (no retries left, or the subscription answered 410).</summary>
    public DeliveryState State { get; init; }

    /// <summary>Every attempt, oldest first.</summary>
    public required IReadOnlyList<DeliveryAttemptDto> Attempts { get; init; }

    /// <summary>When the next attempt is due; null when the delivery is no longer pending.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// One attempt: when, the receiver's status code (null when there was no answer), how long it took,
/// and what went wrong (null on success; at most 1 KB of the receiver's answer).
/// </summary>
public sealed record DeliveryAttemptDto(DateTimeOffset At, int? Status, long DurationMs, string? Error);
