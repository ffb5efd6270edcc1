using System.Text.Json;
using CustomerRetention.Domain.Customers;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>Value converters for the value objects stored as <c>jsonb</c>.</summary>
internal static class JsonColumns
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ValueConverter<Address?, string?> AddressConverter { get; } = new(
        a => a == null ? null : JsonSerializer.Serialize(a, Options),
        s => s == null ? null : JsonSerializer.Deserialize<Address>(s, Options));

    public static ValueConverter<IReadOnlyDictionary<string, object>, string> AttributesConverter { get; } = new(
        a => JsonSerializer.Serialize(a, Options),
        s => ReadAttributes(s));

    public static ValueComparer<IReadOnlyDictionary<string, object>> AttributesComparer { get; } = new(
        (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
        a => JsonSerializer.Serialize(a, Options).GetHashCode(StringComparison.Ordinal),
        a => ReadAttributes(JsonSerializer.Serialize(a, Options)));

    private static Dictionary<string, object> ReadAttributes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => property.Value.GetDecimal(),
            };
        }

        return values;
    }
}
