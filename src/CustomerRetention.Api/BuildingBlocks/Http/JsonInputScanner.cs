using System.Text.Json;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// Checks a parsed request body for what JSON allows but the API refuses, before it is bound:
/// a member named twice in one object (RFC 8259 leaves the meaning open; we refuse it rather
/// than pick one), and strings or member names with characters <see cref="InputText"/> forbids.
/// Every problem is reported with its JSON path (<c>address.city</c>, <c>tags[1]</c>).
/// </summary>
internal static class JsonInputScanner
{
    public static JsonPathErrors Scan(JsonElement root)
    {
        var errors = new JsonPathErrors();
        Walk(root, string.Empty, errors);
        return errors;
    }

    private static void Walk(JsonElement element, string path, JsonPathErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    if (!TryRead(() => member.Name, out var name, out var nameProblem))
                    {
                        errors.Add(JsonPathErrors.Join(path, "(member name)"), nameProblem);
                        continue;
                    }

                    var childPath = JsonPathErrors.Join(path, InputText.Printable(name, max: 100));
                    if (InputText.Problem(name) is { } problem)
                    {
                        errors.Add(childPath, "The member name is not valid. " + problem);
                        continue;
                    }

                    if (!seen.Add(name))
                    {
                        errors.Add(childPath, $"The member '{InputText.Printable(name, max: 100)}' appears more than once in this object; send it once.");
                        continue;
                    }

                    Walk(member.Value, childPath, errors);
                }

                return;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", errors);
                }

                return;

            case JsonValueKind.String:
                if (!TryRead(element.GetString, out var text, out var readProblem))
                {
                    errors.Add(path, readProblem);
                }
                else if (InputText.Problem(text) is { } problem)
                {
                    errors.Add(path, problem);
                }

                return;

            default:
                return;
        }
    }

    /// <summary>Reads a string that may hold an escaped unpaired surrogate, which System.Text.Json refuses to decode.</summary>
    private static bool TryRead(Func<string?> read, out string value, out string problem)
    {
        try
        {
            value = read() ?? string.Empty;
            problem = string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            problem = "Contains an escaped unpaired surrogate (such as \\ud800), which is not valid text. " + InputText.Rule;
            return false;
        }
    }
}
