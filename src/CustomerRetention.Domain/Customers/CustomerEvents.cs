using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Customers;

/// <summary><c>customer.created</c>: a customer was recorded; the log's data is its new state.</summary>
public sealed record CustomerCreated(Customer Customer, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "customer.created";

    public string Type => EventType;

    public Guid? CustomerId => Customer.Id;

    public ResourceRef Resource => new("customer", Customer.Id);
}

/// <summary>
/// <c>customer.updated</c>: fields of the profile changed (named in <see cref="ChangedFields"/>,
/// with their values before the change in <see cref="Previous"/>).
/// </summary>
public sealed record CustomerUpdated(Customer Customer, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, object?> Previous, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "customer.updated";

    public string Type => EventType;

    public Guid? CustomerId => Customer.Id;

    public ResourceRef Resource => new("customer", Customer.Id);
}

/// <summary><c>customer.archived</c>: a tombstone; it carries no personal data.</summary>
public sealed record CustomerArchived(Guid Id, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "customer.archived";

    public string Type => EventType;

    public Guid? CustomerId => Id;

    public ResourceRef Resource => new("customer", Id);
}
