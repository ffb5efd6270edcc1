using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Imports;

namespace CustomerRetention.Application.Imports;

/// <summary>The event-log data of the import events: the counts of a finished import, the reason of a failed one.</summary>
internal sealed class ImportEventData : IEventData<ImportSucceeded>, IEventData<ImportFailed>
{
    public object DataOf(ImportSucceeded domainEvent) =>
        new SucceededData(domainEvent.Created, domainEvent.Updated, domainEvent.Unchanged, domainEvent.Failed);

    public object DataOf(ImportFailed domainEvent) => new FailedData(domainEvent.Error);

    private sealed record SucceededData(long Created, long Updated, long Unchanged, long Failed);

    private sealed record FailedData(string Error);
}
