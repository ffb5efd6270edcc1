using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// Walks a JSON document against the .NET type it will be bound to and collects every problem
/// at once: unknown members, read-only members, values of the wrong type, unknown enum values.
/// System.Text.Json alone stops at the first problem and says it in .NET terms. Which members
/// are read-only is declared on each request type (<see cref="ReadOnlyMemberAttribute"/>); whether
/// unmapped members are refused is the serializer contract's <see cref="JsonUnmappedMemberHandling"/>.
/// </summary>
internal static class JsonShapeChecker
{
    /// <summary>Per object type: the read-only members its <see cref="ReadOnlyMemberAttribute"/>s declare, with their reasons.</summary>
    private static readonly ConcurrentDictionary<Type, Dictionary<string, string>> ReadOnlyMembers = new();

    public static JsonPathErrors Check(JsonNode root, Type type)
    {
        var errors = new JsonPathErrors();
        Walk(root, type, string.Empty, errors);
        return errors;
    }

    private static void Walk(JsonNode? node, Type type, string path, JsonPathErrors errors)
    {
        if (type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(object))
        {
            return; // any JSON, null included; validators judge the value
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (node is null)
        {
            if (type.IsValueType && underlying is null)
            {
                errors.Add(path, "Must not be null.");
            }

            return;
        }

        type = underlying ?? type;

        if (type.IsEnum)
        {
            var allowed = ApiJson.EnumValues(type);
            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !allowed.Contains(value.GetValue<string>()))
            {
                errors.Add(path, $"Must be one of: {string.Join(", ", allowed)}.");
            }

            return;
        }

        var info = ApiJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (node is not JsonObject obj)
                {
                    errors.Add(path, "Must be a JSON object.");
                    return;
                }

                // [JsonIgnore] members stay in the contract without accessors: they are not part of the body.
                var properties = info.Properties.Where(p => p.Get is not null || p.Set is not null).ToDictionary(p => p.Name, StringComparer.Ordinal);
                var readOnly = ReadOnlyMembers.GetOrAdd(type, Declared);

                // The contract says whether members it does not map are refused (ApiJson: everywhere);
                // the deserializer enforces the same rule, one error at a time, in .NET's words.
                var refuseUnmapped = (info.UnmappedMemberHandling ?? info.Options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow;
                foreach (var (name, child) in obj)
                {
                    var childPath = JsonPathErrors.Join(path, name);
                    if (properties.TryGetValue(name, out var property))
                    {
                        Walk(child, property.PropertyType, childPath, errors);
                    }
                    else if (readOnly.TryGetValue(name, out var reason))
                    {
                        errors.Add(childPath, reason);
                    }
                    else if (refuseUnmapped)
                    {
                        errors.Add(childPath, $"Unknown property '{name}'. Allowed: {string.Join(", ", properties.Keys)}.");
                    }
                }

                return;

            case JsonTypeInfoKind.Enumerable:
                if (node is not JsonArray array)
                {
                    errors.Add(path, "Must be a JSON array.");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], info.ElementType!, $"{path}[{i}]", errors);
                }

                return;

            case JsonTypeInfoKind.Dictionary:
                if (node is not JsonObject map)
                {
                    errors.Add(path, "Must be a JSON object.");
                    return;
                }

                foreach (var (key, child) in map)
                {
                    Walk(child, info.ElementType!, JsonPathErrors.Join(path, key), errors);
                }

                return;

            default:
                try
                {
                    node.Deserialize(type, ApiJson.Options);
                }
                catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
                {
                    errors.Add(path, $"Must be {Describe(type)}.");
                }

                return;
        }
    }

    private static Dictionary<string, string> Declared(Type type) =>
        type.GetCustomAttributes<ReadOnlyMemberAttribute>(inherit: false).ToDictionary(a => a.Name, a => a.Reason, StringComparer.Ordinal);

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "an integer",
        _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(Guid) => "a UUID",
        _ when type == typeof(DateOnly) => ApiTime.DateRule,
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => ApiTime.TimestampRule,
        _ => $"a valid {type.Name}",
    };
}
