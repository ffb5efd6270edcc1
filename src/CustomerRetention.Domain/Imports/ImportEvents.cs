using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Imports;

/// <summary><c>import.succeeded</c>: an import read its whole file; the counts say what it did.</summary>
public sealed record ImportSucceeded(Guid ImportId, long Created, long Updated, long Unchanged, long Failed, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "import.succeeded";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("import", ImportId);
}

/// <summary><c>import.failed</c>: an import stopped; the chunks committed before stay, the rest of the file was not applied.</summary>
public sealed record ImportFailed(Guid ImportId, string Error, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "import.failed";

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new("import", ImportId);
}
