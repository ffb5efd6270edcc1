using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Segmentation;

/// <summary><c>rfm.run-requested</c>: an RFM run was queued.</summary>
public sealed record RfmRunRequested(RfmRun Run, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "rfm.run-requested";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("rfm-run", Run.Id);
}

/// <summary><c>rfm.segment-map-replaced</c>: the (R, F) → segment map was replaced; later runs use it.</summary>
public sealed record SegmentMapReplaced(IReadOnlyList<SegmentCell> Cells, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "rfm.segment-map-replaced";

    /// <summary>The map is one resource without an id of its own; the nil UUID names it.</summary>
    public static readonly Guid MapId = Guid.Empty;

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("rfm-segment-map", MapId);
}

/// <summary><c>rfm.run-succeeded</c>: a run scored its customers; its results are readable now.</summary>
public sealed record RfmRunSucceeded(Guid RunId, int ScoredCustomers, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "rfm.run-succeeded";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("rfm-run", RunId);
}

/// <summary><c>rfm.run-failed</c>: a run ended without results, with the reason.</summary>
public sealed record RfmRunFailed(Guid RunId, string Error, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "rfm.run-failed";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("rfm-run", RunId);
}
