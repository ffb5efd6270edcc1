using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;

namespace CustomerRetention.Application.BuildingBlocks.Json;

/// <summary>JSON Merge Patch (RFC 7396).</summary>
public static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> and returns the result (a new node).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result.TryGetPropertyValue(name, out var current);
                result[name] = Apply(current, value);
            }
        }

        return result;
    }

    /// <summary>
    /// Applies a merge-patch to a typed document: <paramref name="current"/> is written as JSON
    /// with the contract's conventions, patched, and read back. The result still needs validating.
    /// </summary>
    public static T ApplyTo<T>(T current, JsonObject patch)
        where T : new()
    {
        var merged = Apply(JsonSerializer.SerializeToNode(current, ApiJson.Options), patch);
        try
        {
            return merged.Deserialize<T>(ApiJson.Options) ?? new T();
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 2 } p ? p[2..] : "body";
            throw new ValidationException([new ValidationFailure(path, "The value has the wrong type for this field.")]);
        }
    }
}
