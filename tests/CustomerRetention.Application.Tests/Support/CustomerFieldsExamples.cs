using System.Text.Json;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Application.Tests.Support;

internal static class CustomerFieldsExamples
{
    /// <summary>The instant every test clock reads.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Fields that pass every rule, with every member set.</summary>
    public static CustomerFields Complete() => new()
    {
        Type = CustomerType.Individual,
        Name = "Jane Doe",
        ExternalId = "ERP-0001",
        Company = "Acme GmbH",
        Email = "jane.doe@example.com",
        Phone = "+4915112345678",
        Address = new AddressFields("Hauptstr. 1", "2. OG", "Berlin", "BE", "10115", "DE"),
        Birthday = new DateOnly(1990, 5, 17),
        Tags = ["vip", "sensitive-skin"],
        Attributes = Attributes("""{ "channel": "web", "visits": 12, "newsletter": true }"""),
        OwnerId = Guid.Parse("0195f3a4-1111-7000-8000-000000000001"),
        Consent = new ConsentFields(true, false, true),
    };

    public static IReadOnlyDictionary<string, JsonElement> Attributes(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
