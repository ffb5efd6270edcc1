using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle;

/// <summary>One stage of the lifecycle graph.</summary>
public sealed record LifecycleStageDto(
    LifecycleStage Key,
    string Name,
    int Order,
    string Description,
    IReadOnlyList<LifecycleStage> AllowedTransitions);

/// <summary>The lifecycle graph: stages in funnel order with their allowed manual transitions.</summary>
public sealed record LifecycleStagesDto(IReadOnlyList<LifecycleStageDto> Stages);

/// <summary>Where a customer stands and how long it spent in each stage.</summary>
public sealed record CustomerLifecycleDto(
    LifecycleStage Stage,
    DateTimeOffset EnteredAt,
    IReadOnlyList<LifecycleStage> AllowedTransitions,
    IReadOnlyList<StageStatsDto> Stages);

/// <summary>
/// Per-stage history: first and last entry, last exit, and the total time spent in the stage over
/// all visits (re-entries counted; the current visit counts up to now).
/// </summary>
public sealed record StageStatsDto(
    LifecycleStage Stage,
    DateTimeOffset? FirstEnteredAt,
    DateTimeOffset? LastEnteredAt,
    DateTimeOffset? LastExitedAt,
    double TotalDays);
