using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle.Contracts;

/// <summary>One entry of a customer's stage history.</summary>
public sealed record StageTransitionDto
{
    public Guid Id { get; init; }

    /// <summary>Null for the first entry (the stage the customer was created in).</summary>
    public LifecycleStage? FromStage { get; init; }

    public LifecycleStage ToStage { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? Reason { get; init; }

    public TransitionSource Source { get; init; }

    public string Actor { get; init; } = string.Empty;

    public DateTimeOffset RecordedAt { get; init; }
}
