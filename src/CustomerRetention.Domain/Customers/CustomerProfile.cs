namespace CustomerRetention.Domain.Customers;

/// <summary>
/// Everything about a customer that a client may set: the input of create and update. Values
/// are already normalised (see <see cref="ContactRules"/>); the entity checks the invariants again.
/// </summary>
public sealed record CustomerProfile(
    CustomerType Type,
    string Name,
    string? ExternalId,
    string? Company,
    string? Email,
    string? Phone,
    Address? Address,
    DateOnly? Birthday,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, object> Attributes,
    Guid? OwnerId,
    Consent Consent);
