namespace CustomerRetention.Domain.Webhooks;

/// <summary>The state of a delivery: waiting for its next attempt, delivered, or given up.</summary>
public enum DeliveryState
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One event to be delivered to one subscription. Rows are created (fan-out) and advanced (claims,
/// attempts) by set-based SQL of the delivery worker; the API reads them and re-queues them
/// (<see cref="Replay"/>).
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
        EventType = string.Empty;
        Attempts = "[]";
    }

    public Guid Id { get; private set; }

    public Guid WebhookId { get; private set; }

    public Guid EventId { get; private set; }

    /// <summary>The event's position in the log (the order of deliveries of one customer).</summary>
    public long EventPosition { get; private set; }

    public string EventType { get; private set; }

    /// <summary>The event's customer: deliveries of one customer to one subscription go one at a time, in order.</summary>
    public Guid? CustomerId { get; private set; }

    public DeliveryState State { get; private set; }

    /// <summary>The failed attempts since it was queued or last replayed (the index into the retry delays).</summary>
    public int Retries { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Until when a worker holds the delivery while it sends (a lease; an expired one is taken over).</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>Every attempt as a JSON array of <c>{ at, status, durationMs, error }</c>.</summary>
    public string Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Queues the delivery again for an attempt now, with the full retry schedule ahead of it.</summary>
    public void Replay(DateTimeOffset now)
    {
        State = DeliveryState.Pending;
        Retries = 0;
        NextAttemptAt = now;
        ClaimedUntil = null;
    }
}
