using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Application.Customers;

/// <summary>
/// The event-log data of the customer events. The state is the customer as the API returns it
/// without <c>rfm</c> (derived from the latest run, not part of the change); an archive is a
/// tombstone with no personal data.
/// </summary>
internal sealed class CustomerEventData(IMapper mapper)
    : IEventData<CustomerCreated>, IEventData<CustomerUpdated>, IEventData<CustomerArchived>
{
    public object DataOf(CustomerCreated domainEvent) => new CreatedData<JsonObject>(State(domainEvent.Customer));

    public object DataOf(CustomerUpdated domainEvent) => new UpdatedData<JsonObject>(
        domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), State(domainEvent.Customer));

    public object DataOf(CustomerArchived domainEvent) => new ArchivedData(domainEvent.OccurredAt);

    private JsonObject State(Customer customer) => StateOf(mapper.Map<CustomerDto>(customer));

    /// <summary>The state of a customer event (also an import's <c>customer.created</c>, built before the merge).</summary>
    internal static JsonObject StateOf(CustomerDto customer)
    {
        var state = EventState.Of(customer);
        state.Remove("rfm");
        return state;
    }

    /// <summary>The tombstone of <c>customer.archived</c>.</summary>
    private sealed record ArchivedData(DateTimeOffset ArchivedAt);
}
