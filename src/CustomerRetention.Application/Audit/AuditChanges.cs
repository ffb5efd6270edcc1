using System.Text.Json;

namespace CustomerRetention.Application.Audit;

/// <summary>
/// Reads the changed fields of an update event's data (<c>{ changedFields, previous, state }</c>,
/// docs/events.md): the old value from <c>previous</c>, the new one from <c>state</c>.
/// </summary>
internal static class AuditChanges
{
    private const string UpdatedSuffix = ".updated";

    public static IReadOnlyList<AuditFieldChangeDto> Of(string type, string data)
    {
        if (!type.EndsWith(UpdatedSuffix, StringComparison.Ordinal))
        {
            return [];
        }

        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        if (!root.TryGetProperty("changedFields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        // Events written before 'previous' existed have none: their old values are unknown (null).
        var previous = root.TryGetProperty("previous", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        var state = root.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.Object ? s : (JsonElement?)null;
        return fields.EnumerateArray()
            .Select(f => f.GetString()!)
            .Select(field => new AuditFieldChangeDto(field, Member(previous, field), Member(state, field)))
            .ToList();
    }

    /// <summary>A member's value, detached from the document; null when absent or JSON null.</summary>
    private static JsonElement? Member(JsonElement? owner, string name) =>
        owner is { } o && o.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;
}
