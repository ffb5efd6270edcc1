using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Fuzz;

/// <summary>What a mutated request must get.</summary>
public enum Expectation
{
    /// <summary>400, a problem naming the mutated member (in <c>errors</c> or <c>detail</c>).</summary>
    RefusedNamingField,

    /// <summary>Any 4xx problem (e.g. 404 for a hostile path segment, 414 for an oversized path).</summary>
    Refused,

    /// <summary>Accepted or refused, both legitimate (e.g. 9999-12-31 where the future is allowed); only the general checks apply.</summary>
    Either,
}

/// <summary>One place in a request body a mutation can change: a string, a date-time, a date, a dictionary key, an object.</summary>
public sealed record BodyTarget(IReadOnlyList<object> Path, string Kind, ApiSchema Schema)
{
    public string Display => Render(Path);

    public static string Render(IEnumerable<object> path)
    {
        var text = new StringBuilder();
        foreach (var part in path)
        {
            if (part is int index)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append((string)part);
            }
        }

        return text.ToString();
    }
}

/// <summary>A body mutation: how to change the base document and what must come back.</summary>
public sealed record BodyMutation(string Label, string Field, string NamedField, Expectation Expect, Func<JsonObject, string> Apply);

/// <summary>The hostile values and how they are written into JSON text.</summary>
public static class Mutations
{
    /// <summary>Stands for the hostile character while the document is serialised; replaced by its JSON escape afterwards.</summary>
    private const string Marker = "FUZZ7MARKER";

    /// <summary>NUL and a spread of the other control characters the API must refuse (tab, LF and CR are legitimate).</summary>
    public static readonly IReadOnlyList<char> ControlCharacters = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001B', '\u001F', '\u007F'];

    /// <summary>Out-of-range and malformed timestamps; the bool says whether every field must refuse the value.</summary>
    public static readonly IReadOnlyList<(string Value, string Label, bool AlwaysInvalid)> DateTimes =
    [
        ("0001-01-01T00:00:00Z", "date-time 0001-01-01T00:00:00Z (year 1)", true),
        ("9999-12-31T23:59:59Z", "date-time 9999-12-31T23:59:59Z (far future)", false),
        ("2024-06-01T00:00:00", "date-time without offset 2024-06-01T00:00:00", true),
        ("2024-06-01", "date-only 2024-06-01 as a date-time", true),
        ("1969-12-31T23:59:59Z", "date-time 1969-12-31T23:59:59Z (before 1970)", true),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Dates =
    [
        ("0001-01-01", "date 0001-01-01 (year 1)"),
        ("1899-12-31", "date 1899-12-31 (before 1900)"),
    ];

    public static string CharacterLabel(char c) => $"control character U+{(int)c:X4}";

    public const string SurrogateLabel = "lone surrogate \\ud800";

    /// <summary>The JSON escapes of the hostile characters: each control character, and the lone surrogate.</summary>
    public static IEnumerable<(string Label, string JsonEscape)> HostileCharacters() =>
        ControlCharacters.Select(c => (CharacterLabel(c), $"\\u{(int)c:x4}")).Append((SurrogateLabel, "\\ud800"));

    /// <summary>Every mutation target of a valid body, walking the document alongside its schema.</summary>
    public static List<BodyTarget> Targets(JsonNode body, ApiSchema schema)
    {
        var targets = new List<BodyTarget>();
        Walk(body, schema, [], targets);
        return targets;
    }

    private static void Walk(JsonNode? node, ApiSchema schema, List<object> path, List<BodyTarget> targets)
    {
        switch (node)
        {
            case JsonObject obj when schema.Kind is "object" or "dictionary":
                if (obj.Count > 0)
                {
                    targets.Add(new BodyTarget(path.ToList(), "object", schema));
                }

                foreach (var (name, child) in obj)
                {
                    if (schema.Kind == "dictionary")
                    {
                        targets.Add(new BodyTarget([.. path, name], "key", schema));
                        targets.Add(new BodyTarget([.. path, name], "dictionary-value", schema.Element!));
                        Walk(child, schema.Element!, [.. path, name], targets);
                    }
                    else if (schema.Properties.FirstOrDefault(p => p.Name == name).Schema is { } property)
                    {
                        targets.Add(new BodyTarget([.. path, name], "value", property));
                        Walk(child, property, [.. path, name], targets);
                    }
                }

                return;
            case JsonArray array when schema.Kind == "array" && array.Count > 0:
                targets.Add(new BodyTarget([.. path, 0], "value", schema.Element!));
                Walk(array[0], schema.Element!, [.. path, 0], targets); // the first element stands for all
                return;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                targets.Add(new BodyTarget(path.ToList(), "string", schema));
                if (schema.Format is "date-time" or "date")
                {
                    targets.Add(new BodyTarget(path.ToList(), schema.Format, schema));
                }

                return;
            default:
                return;
        }
    }

    /// <summary>The mutations of one target.</summary>
    /// <param name="target">Where.</param>
    /// <param name="sample">A valid body (the duplicated member's name is read from it).</param>
    public static IEnumerable<BodyMutation> Of(BodyTarget target, JsonObject sample)
    {
        var field = target.Display;
        switch (target.Kind)
        {
            case "string":
                foreach (var (label, escape) in HostileCharacters())
                {
                    yield return new BodyMutation(label, field, field, Expectation.RefusedNamingField, body => WithCharacter(body, target.Path, escape));
                }

                break;
            case "key":
                var dictionary = BodyTarget.Render(target.Path.Take(target.Path.Count - 1));
                foreach (var (label, escape) in HostileCharacters())
                {
                    yield return new BodyMutation(label + " in an object key", field + " (key)", dictionary, Expectation.RefusedNamingField, body => WithCharacterInKey(body, target.Path, escape));
                }

                break;
            case "date-time":
                var notInFuture = target.Schema.Description?.Contains("future", StringComparison.OrdinalIgnoreCase) == true;
                foreach (var (value, label, alwaysInvalid) in DateTimes)
                {
                    var expect = alwaysInvalid || notInFuture ? Expectation.RefusedNamingField : Expectation.Either;
                    yield return new BodyMutation(label, field, field, expect, body => Write(Set(body, target.Path, value), null));
                }

                break;
            case "date":
                foreach (var (value, label) in Dates)
                {
                    yield return new BodyMutation(label, field, field, Expectation.RefusedNamingField, body => Write(Set(body, target.Path, value), null));
                }

                break;
            case "value":
            case "dictionary-value":
                foreach (var mutation in ValueMutations(target, field))
                {
                    yield return mutation;
                }

                break;
            case "object":
                var where = target.Path.Count == 0 ? "at the root" : "at depth";
                var member = DuplicatedMember(sample, target);
                yield return new BodyMutation(
                    $"duplicate member {where}",
                    member,
                    member,
                    Expectation.RefusedNamingField,
                    body => Write(body, (JsonObject)Navigate(body, target.Path)!));
                break;
            default:
                break;
        }
    }

    /// <summary>A string far over any field's limit (but well inside the 1 MiB body limit).</summary>
    public const int HugeStringLength = 100_000;

    /// <summary>How deep the nested-array mutation goes (System.Text.Json refuses more than 64).</summary>
    public const int NestingDepth = 200;

    /// <summary>
    /// Wrong JSON types, null, a huge string, out-of-range numbers and deep nesting in place of a
    /// member's value. A member whose schema is stated exactly (a type, a maxLength, bounds) must
    /// be refused naming it; where the document leaves room (a dictionary's mixed values, null for
    /// an optional member, a string without a stated limit) only the general checks apply.
    /// </summary>
    private static IEnumerable<BodyMutation> ValueMutations(BodyTarget target, string field)
    {
        var strict = target.Kind == "value" ? Expectation.RefusedNamingField : Expectation.Either;
        var schema = target.Schema;
        var wrong = schema.Kind switch
        {
            "string" => new[] { ("a number", (JsonNode?)JsonValue.Create(12345)), ("an object", new JsonObject { ["x"] = 1 }) },
            "integer" or "number" => [("a string", JsonValue.Create("12")), ("a boolean", JsonValue.Create(true))],
            "boolean" => [("a string", JsonValue.Create("yes")), ("a number", JsonValue.Create(1))],
            "array" => [("an object", new JsonObject()), ("a string", JsonValue.Create("[]"))],
            "object" or "dictionary" => [("an array", new JsonArray()), ("a number", JsonValue.Create(7))],
            _ => [],
        };
        foreach (var (label, value) in wrong)
        {
            yield return new BodyMutation($"wrong type: {label} for {schema.Kind}", field, field, strict, body => Write(SetNode(body, target.Path, value?.DeepClone()), null));
        }

        yield return new BodyMutation("null", field, field, Expectation.Either, body => Write(SetNode(body, target.Path, null), null));
        if (schema.Kind == "string" && schema.Enum.Count == 0 && schema.Format is null)
        {
            var expect = schema.MaxLength is not null ? strict : Expectation.Either;
            yield return new BodyMutation($"a {HugeStringLength}-character string", field, field, expect, body => Write(SetNode(body, target.Path, JsonValue.Create(new string('x', HugeStringLength))), null));
        }

        if (schema.Kind is "integer" or "number")
        {
            var expect = schema.Bounded ? strict : Expectation.Either;
            foreach (var huge in new[] { "1e308", "-1e308", "123456789012345678901234567890", "0.0000000000000000000000001" })
            {
                yield return new BodyMutation($"number {huge}", field, field, huge.StartsWith("0.", StringComparison.Ordinal) ? Expectation.Either : expect, body => WithRaw(body, target.Path, huge));
            }
        }

        if (target.Path.Count == 1)
        {
            var nested = new string('[', NestingDepth) + new string(']', NestingDepth);
            yield return new BodyMutation($"arrays nested {NestingDepth} deep", field, field, Expectation.Refused, body => WithRaw(body, target.Path, nested));
        }
    }

    /// <summary>The body with raw JSON text in place of the member's value (text no JsonNode can hold: 1e308, deep nesting).</summary>
    private static string WithRaw(JsonObject body, IReadOnlyList<object> path, string json) =>
        Write(SetNode(body, path, JsonValue.Create(Marker)), null).Replace("\"" + Marker + "\"", json, StringComparison.Ordinal);

    /// <summary>The path of the member a duplicate-member mutation repeats (the object's first member).</summary>
    public static string DuplicatedMember(JsonObject body, BodyTarget target)
    {
        var obj = (JsonObject)Navigate(body, target.Path)!;
        return BodyTarget.Render([.. target.Path, obj.First().Key]);
    }

    private static string WithCharacter(JsonObject body, IReadOnlyList<object> path, string escape)
    {
        var original = Navigate(body, path)!.GetValue<string>();
        var middle = original.Length / 2;
        Set(body, path, original[..middle] + Marker + original[middle..]);
        return Write(body, null).Replace(Marker, escape, StringComparison.Ordinal);
    }

    private static string WithCharacterInKey(JsonObject body, IReadOnlyList<object> path, string escape)
    {
        var parent = (JsonObject)Navigate(body, path.Take(path.Count - 1).ToList())!;
        var key = (string)path[^1];
        var middle = key.Length / 2;
        var renamed = key[..middle] + Marker + key[middle..];
        var members = parent.ToList();
        parent.Clear();
        foreach (var (name, value) in members)
        {
            parent[name == key ? renamed : name] = value;
        }

        return Write(body, null).Replace(Marker, escape, StringComparison.Ordinal);
    }

    private static JsonNode? Navigate(JsonNode node, IReadOnlyList<object> path)
    {
        JsonNode? current = node;
        foreach (var part in path)
        {
            current = part is int index ? current![index] : current![(string)part];
        }

        return current;
    }

    private static JsonObject SetNode(JsonObject body, IReadOnlyList<object> path, JsonNode? value)
    {
        var parent = Navigate(body, path.Take(path.Count - 1).ToList())!;
        if (path[^1] is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = value;
        }

        return body;
    }

    private static JsonObject Set(JsonObject body, IReadOnlyList<object> path, string value)
    {
        var parent = Navigate(body, path.Take(path.Count - 1).ToList())!;
        if (path[^1] is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = value;
        }

        return body;
    }

    /// <summary>JSON text of a document; the first member of <paramref name="duplicateIn"/> is written twice.</summary>
    public static string Write(JsonNode? node, JsonObject? duplicateIn)
    {
        var text = new StringBuilder();
        WriteTo(node, duplicateIn, text);
        return text.ToString();
    }

    private static void WriteTo(JsonNode? node, JsonObject? duplicateIn, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    var times = first && ReferenceEquals(obj, duplicateIn) ? 2 : 1;
                    for (var i = 0; i < times; i++)
                    {
                        text.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(name)).Append(':');
                        WriteTo(value, duplicateIn, text);
                        first = false;
                    }
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    WriteTo(array[i], duplicateIn, text);
                }

                text.Append(']');
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
