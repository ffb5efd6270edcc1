using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Fuzz;

/// <summary>One parameter of an operation (path, query or header) with its resolved schema.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, ApiSchema Schema);

/// <summary>One operation of the OpenAPI document.</summary>
public sealed record ApiOperation(
    string Method,
    string Path,
    string OperationId,
    IReadOnlyList<ApiParameter> Parameters,
    string? BodyMediaType,
    ApiSchema? BodySchema,
    IReadOnlySet<string> Responses)
{
    public string Name => OperationId;

    /// <summary>Preconditions are honoured (a 412 is documented): the operation reads If-Match.</summary>
    public bool TakesIfMatch => Responses.Contains("412");

    public override string ToString() => $"{Method} {Path} ({OperationId})";
}

/// <summary>
/// A schema with <c>$ref</c> and <c>allOf</c> resolved, as far as the fuzzer needs it: the kind of
/// value, its format and enum, properties of objects, the element of arrays and dictionaries.
/// <see cref="Name"/> is the component the schema came from (for the known-good values table).
/// </summary>
public sealed class ApiSchema
{
    public required string Kind { get; init; } // object, dictionary, array, string, integer, number, boolean, any

    public string? Name { get; init; }

    public string? Format { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Enum { get; init; } = [];

    public IReadOnlyList<(string Name, ApiSchema Schema)> Properties { get; init; } = [];

    public ApiSchema? Element { get; init; }

    /// <summary>The document's <c>maxLength</c> of a string, if it states one.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The document states a <c>minimum</c> or <c>maximum</c> for the number.</summary>
    public bool Bounded { get; init; }

    public override string ToString() => Name ?? (Format is null ? Kind : $"{Kind}({Format})");
}

/// <summary>Reads the operations of an OpenAPI 3.0 document (as Swashbuckle writes it).</summary>
public static class OpenApiModel
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public static IReadOnlyList<ApiOperation> Operations(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (method, operationNode) in item.AsObject().Where(m => Methods.Contains(m.Key, StringComparer.Ordinal)))
            {
                var operation = operationNode!.AsObject();
                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(p => Deref(document, p!))
                    .Select(p => new ApiParameter(
                        p["name"]!.GetValue<string>(),
                        p["in"]!.GetValue<string>(),
                        p["required"]?.GetValue<bool>() ?? false,
                        Resolve(document, p["schema"] ?? new JsonObject(), 0)))
                    .ToList();
                string? mediaType = null;
                ApiSchema? body = null;
                if (operation["requestBody"] is { } requestBody && Deref(document, requestBody)["content"] is JsonObject content && content.Count > 0)
                {
                    var (type, media) = content.First();
                    mediaType = type;
                    body = Resolve(document, media!["schema"] ?? new JsonObject(), 0);
                }

                operations.Add(new ApiOperation(
                    method.ToUpperInvariant(),
                    path,
                    operation["operationId"]?.GetValue<string>() ?? $"{method.ToUpperInvariant()} {path}",
                    parameters,
                    mediaType,
                    body,
                    (operation["responses"]?.AsObject().Select(r => r.Key) ?? []).ToHashSet(StringComparer.Ordinal)));
            }
        }

        return operations;
    }

    private static JsonNode Deref(JsonNode document, JsonNode node)
    {
        var depth = 0;
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = Lookup(document, reference);
            if (++depth > 32)
            {
                throw new InvalidOperationException($"$ref cycle at {reference}");
            }
        }

        return node;
    }

    private static JsonNode Lookup(JsonNode document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local $refs are supported: {reference}");
        }

        var node = document;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Unresolved $ref {reference}");
        }

        return node;
    }

    private static ApiSchema Resolve(JsonNode document, JsonNode schema, int depth, string? name = null)
    {
        if (depth > 16)
        {
            throw new InvalidOperationException("Schema nesting deeper than 16: recursive schema?");
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(document, Lookup(document, reference), depth + 1, reference[(reference.LastIndexOf('/') + 1)..]);
        }

        // allOf: the members merged (Swashbuckle wraps a nullable $ref in allOf); oneOf/anyOf: the first.
        if (schema["allOf"] is JsonArray allOf && allOf.Count > 0)
        {
            var parts = allOf.Select(s => Resolve(document, s!, depth + 1)).ToList();
            if (parts.Count == 1)
            {
                return parts[0];
            }

            return new ApiSchema
            {
                Kind = parts.Select(p => p.Kind).FirstOrDefault(k => k != "any") ?? "any",
                Name = name ?? parts.Select(p => p.Name).FirstOrDefault(n => n is not null),
                Format = parts.Select(p => p.Format).FirstOrDefault(f => f is not null),
                Enum = parts.SelectMany(p => p.Enum).Distinct(StringComparer.Ordinal).ToList(),
                Properties = parts.SelectMany(p => p.Properties).DistinctBy(p => p.Name, StringComparer.Ordinal).ToList(),
                Element = parts.Select(p => p.Element).FirstOrDefault(e => e is not null),
                Description = schema["description"]?.GetValue<string>() ?? parts.Select(p => p.Description).FirstOrDefault(d => d is not null),
            };
        }

        foreach (var choice in new[] { "oneOf", "anyOf" })
        {
            if (schema[choice] is JsonArray options && options.Count > 0)
            {
                return Resolve(document, options[0]!, depth + 1, name);
            }
        }

        var type = schema["type"]?.GetValue<string>();
        var enumValues = schema["enum"]?.AsArray().Where(v => v is not null).Select(v => v!.ToString()).ToList() ?? [];
        var description = schema["description"]?.GetValue<string>();
        var format = schema["format"]?.GetValue<string>();
        var properties = schema["properties"] as JsonObject;
        if (type == "object" || (type is null && properties is not null))
        {
            if (properties is null && schema["additionalProperties"] is { } additional && additional is not JsonValue)
            {
                return new ApiSchema { Kind = "dictionary", Name = name, Description = description, Element = Resolve(document, additional, depth + 1) };
            }

            if (properties is null && schema["additionalProperties"] is JsonValue allowed && allowed.GetValue<bool>())
            {
                return new ApiSchema { Kind = "dictionary", Name = name, Description = description, Element = new ApiSchema { Kind = "any" } };
            }

            return new ApiSchema
            {
                Kind = "object",
                Name = name,
                Description = description,
                Properties = (properties ?? []).Select(p => (p.Key, WithDescription(Resolve(document, p.Value!, depth + 1), p.Value!))).ToList(),
            };
        }

        if (type == "array")
        {
            return new ApiSchema { Kind = "array", Name = name, Description = description, Element = Resolve(document, schema["items"] ?? new JsonObject(), depth + 1) };
        }

        return new ApiSchema
        {
            Kind = type ?? (enumValues.Count > 0 ? "string" : "any"),
            Name = name,
            Format = format,
            Description = description,
            Enum = enumValues,
            MaxLength = schema["maxLength"]?.GetValue<int>(),
            Bounded = schema["minimum"] is not null || schema["maximum"] is not null,
        };
    }

    /// <summary>A property's own description wins over its type's (a $ref'd enum has none).</summary>
    private static ApiSchema WithDescription(ApiSchema schema, JsonNode property) =>
        property["description"]?.GetValue<string>() is { } own && own != schema.Description
            ? new ApiSchema
            {
                Kind = schema.Kind, Name = schema.Name, Format = schema.Format, Description = own, Enum = schema.Enum, Properties = schema.Properties,
                Element = schema.Element, MaxLength = schema.MaxLength, Bounded = schema.Bounded,
            }
            : schema;
}
