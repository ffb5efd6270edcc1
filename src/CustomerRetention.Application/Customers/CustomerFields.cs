using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Application.Customers;

/// <summary>
/// The client-settable fields of a customer: the body of a create, and the document a
/// merge-patch updates. Everything is optional in a merge-patch; a create requires <c>type</c> and
/// <c>name</c> (the validator's rules, <see cref="CustomerFieldsValidator"/>).
/// </summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
[ReadOnlyMember("archivedAt", CustomerReadOnlyMembers.ArchivedAt)]
[ReadOnlyMember("lifecycleStage", CustomerReadOnlyMembers.LifecycleStage)]
[ReadOnlyMember("stageEnteredAt", CustomerReadOnlyMembers.StageEnteredAt)]
[ReadOnlyMember("rfm", CustomerReadOnlyMembers.Rfm)]
[ReadOnlyMember("value", CustomerReadOnlyMembers.Value)]
public record CustomerFields
{
    /// <summary><c>individual</c> or <c>business</c>. Required.</summary>
    public CustomerType? Type { get; init; }

    /// <summary>Display name, 1–200 characters. Required.</summary>
    public string? Name { get; init; }

    /// <summary>The ERP's key for this customer; unique among live customers.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Company name (for contacts at a business).</summary>
    public string? Company { get; init; }

    /// <summary>E-mail address; unique among live customers (case-insensitive).</summary>
    /// <example>ada.lovelace@example.com</example>
    public string? Email { get; init; }

    /// <summary>Phone number with country code; stored in E.164 (<c>+4915112345678</c>).</summary>
    /// <example>+4915112345678</example>
    public string? Phone { get; init; }

    /// <summary>Structured postal address.</summary>
    public AddressFields? Address { get; init; }

    /// <summary>Date of birth, <c>YYYY-MM-DD</c>.</summary>
    public DateOnly? Birthday { get; init; }

    /// <summary>Short labels (1–50 characters each, at most 50, unique regardless of case).</summary>
    public IReadOnlyList<string?>? Tags { get; init; }

    /// <summary>Custom fields: at most 100 keys (1–64 characters) with string, number or boolean values.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Attributes { get; init; }

    /// <summary>The account manager responsible for the customer.</summary>
    public Guid? OwnerId { get; init; }

    /// <summary>Marketing consent per channel; omitted channels are false.</summary>
    public ConsentFields? Consent { get; init; }

    /// <summary>The validated fields as the domain's normalised profile.</summary>
    public CustomerProfile ToProfile()
    {
        ContactRules.TryNormalizeEmail(Email, out var email);
        ContactRules.TryNormalizePhone(Phone, out var phone);
        return new CustomerProfile(
            Type ?? throw new InvalidOperationException("Validated fields have a type."),
            Name!.Trim(),
            OrNull(ExternalId),
            OrNull(Company),
            Email is null ? null : email,
            Phone is null ? null : phone,
            Address?.ToAddress(),
            Birthday,
            Tags?.Select(t => t!.Trim()).ToArray() ?? [],
            Attributes?.ToDictionary(a => a.Key, a => ToValue(a.Value), StringComparer.Ordinal) ?? [],
            OwnerId,
            new Consent(Consent?.Email ?? false, Consent?.Sms ?? false, Consent?.Phone ?? false));
    }

    /// <summary>The current state of a customer in the shape of this document (the base of a merge-patch).</summary>
    public static CustomerFields From(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerFields
        {
            Type = customer.Type,
            Name = customer.Name,
            ExternalId = customer.ExternalId,
            Company = customer.Company,
            Email = customer.Email,
            Phone = customer.Phone,
            Address = customer.Address is { } a ? new AddressFields(a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country) : null,
            Birthday = customer.Birthday,
            Tags = customer.Tags.ToArray(),
            Attributes = customer.Attributes.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.Ordinal),
            OwnerId = customer.OwnerId,
            Consent = new ConsentFields(customer.Consent.Email, customer.Consent.Sms, customer.Consent.Phone),
        };
    }

    /// <summary>
    /// The keys a live customer is unique by, normalised exactly as <see cref="ToProfile"/> normalises
    /// them (the e-mail then lower-cased, as stored in <c>email_key</c>); an import's first pass
    /// compares them before any row is checked. An e-mail the validator refuses has no key: its row
    /// is refused, so it is nobody's duplicate.
    /// </summary>
    public static (string? ExternalId, string? EmailKey) UniqueKeys(string? externalId, string? email) =>
        (OrNull(externalId), email is not null && ContactRules.TryNormalizeEmail(email, out var normalized) ? normalized.ToLowerInvariant() : null);

    internal static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static object ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDecimal(),
        _ => throw new InvalidOperationException("Validated attributes are strings, numbers or booleans."),
    };
}

/// <summary>A postal address; <c>country</c> is an ISO 3166-1 alpha-2 code.</summary>
/// <param name="Line1">Street and number.</param>
/// <param name="Line2">Further address line.</param>
/// <param name="City">City or town.</param>
/// <param name="Region">State, province or county.</param>
/// <param name="PostalCode">Postal code.</param>
/// <param name="Country" example="DE">ISO 3166-1 alpha-2 country code.</param>
public sealed record AddressFields(string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country)
{
    internal Address? ToAddress()
    {
        var address = new Address(
            CustomerFields.OrNull(Line1),
            CustomerFields.OrNull(Line2),
            CustomerFields.OrNull(City),
            CustomerFields.OrNull(Region),
            CustomerFields.OrNull(PostalCode),
            CustomerFields.OrNull(Country)?.ToUpperInvariant());
        return address == new Address(null, null, null, null, null, null) ? null : address;
    }
}

/// <summary>Marketing consent per channel.</summary>
public sealed record ConsentFields(bool? Email, bool? Sms, bool? Phone);

/// <summary>The wording of the customer's read-only members that the customer bodies declare.</summary>
public static class CustomerReadOnlyMembers
{
    public const string ArchivedAt = "'archivedAt' is read-only: DELETE archives a customer.";
    public const string LifecycleStage = "'lifecycleStage' is read-only here: stages change through POST /api/v1/customers/{id}/lifecycle/transitions.";
    public const string StageEnteredAt = "'stageEnteredAt' is read-only here: it is set by lifecycle transitions.";
    public const string Rfm = "'rfm' is read-only: it is computed by RFM runs.";
    public const string Value = "'value' is read-only: it is computed from orders and models.";
}
