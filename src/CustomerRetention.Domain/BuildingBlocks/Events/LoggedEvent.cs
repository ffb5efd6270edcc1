namespace CustomerRetention.Domain.BuildingBlocks.Events;

/// <summary>
/// One row of the event log (the <c>events</c> table): a domain event as the change feed serves
/// it. Written once in the transaction of the change, never updated; removed only by retention.
/// </summary>
public sealed class LoggedEvent
{
    private LoggedEvent()
    {
        Type = string.Empty;
        ResourceType = string.Empty;
        Actor = string.Empty;
        Data = "{}";
    }

    /// <summary>
    /// The position in the log: drawn under the log's lock as the transaction's last step, so
    /// positions grow in commit order (a reader that saw position n has seen every event before it).
    /// </summary>
    public long Position { get; private set; }

    public Guid Id { get; private set; }

    public string Type { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public Guid? CustomerId { get; private set; }

    public string ResourceType { get; private set; }

    public Guid ResourceId { get; private set; }

    public string Actor { get; private set; }

    /// <summary>The causing event and chain depth as JSON, or null for a request's own change.</summary>
    public string? Origin { get; private set; }

    /// <summary>The event's data as JSON.</summary>
    public string Data { get; private set; }
}
