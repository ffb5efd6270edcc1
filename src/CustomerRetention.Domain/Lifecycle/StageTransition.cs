namespace CustomerRetention.Domain.Lifecycle;

/// <summary>
/// One entry of a customer's append-only stage history. The first entry of every customer has
/// no <see cref="FromStage"/>: it records the stage the customer was created in.
/// </summary>
public sealed class StageTransition
{
    private StageTransition()
    {
        Actor = string.Empty;
    }

    internal StageTransition(
        Guid customerId,
        LifecycleStage? fromStage,
        LifecycleStage toStage,
        DateTimeOffset occurredAt,
        string? reason,
        TransitionSource source,
        string actor,
        DateTimeOffset recordedAt)
    {
        Id = Guid.CreateVersion7(recordedAt);
        CustomerId = customerId;
        FromStage = fromStage;
        ToStage = toStage;
        OccurredAt = occurredAt;
        Reason = reason;
        Source = source;
        Actor = actor;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public LifecycleStage? FromStage { get; private set; }

    public LifecycleStage ToStage { get; private set; }

    /// <summary>When the customer changed stage (may be back-dated).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public string? Reason { get; private set; }

    public TransitionSource Source { get; private set; }

    /// <summary>Who made the change: a user name, an integration, or <c>system</c>.</summary>
    public string Actor { get; private set; }

    /// <summary>When the transition was recorded.</summary>
    public DateTimeOffset RecordedAt { get; private set; }
}
