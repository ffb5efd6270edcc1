using System.Text.Json;

namespace CustomerRetention.Application.Audit;

/// <summary>One change in the audit log: who changed what, when, and for updates each field's old and new value.</summary>
public sealed record AuditEntryDto
{
    /// <summary>The id of the event that recorded the change (the same id the change feed serves).</summary>
    public Guid Id { get; init; }

    /// <summary>When the change happened.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>Who made the change, exactly as recorded; <c>system</c> for automatic reactions and background jobs.</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>What was done: the event type, for example <c>customer.updated</c>.</summary>
    public string Action { get; init; } = string.Empty;

    /// <summary>The resource that changed.</summary>
    public AuditResourceDto Resource { get; init; } = new(string.Empty, Guid.Empty);

    /// <summary>The customer the change is about; null for changes about no single customer (RFM runs, CLV models, the segment map).</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>For <c>*.updated</c> actions each changed field with its old and new value; empty for every other action.</summary>
    public IReadOnlyList<AuditFieldChangeDto> Changes { get; init; } = [];
}

/// <summary>A resource by type (<c>customer</c>, <c>order</c>, …) and id.</summary>
/// <param name="Type">The kind of resource: one of the values of the <c>resourceType</c> filter.</param>
/// <param name="Id">The resource's id (the nil UUID for the segment map, of which there is one).</param>
public sealed record AuditResourceDto(string Type, Guid Id);

/// <summary>
/// One changed field. <c>old</c> and <c>new</c> have the shape the field has in the resource (an
/// address is an object); <c>old</c> is null when the field was empty, or when the change was
/// recorded before old values were (the event has no <c>previous</c>).
/// </summary>
/// <param name="Field">The field as the resource spells it, for example <c>name</c> or <c>address</c>.</param>
/// <param name="Old">The value before the change; null when it was empty or is not known.</param>
/// <param name="New">The value after the change; null when the change cleared the field.</param>
public sealed record AuditFieldChangeDto(string Field, JsonElement? Old, JsonElement? New);
