using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// The body of a batch, <c>{ "items": [ … ] }</c>, bound item by item: the envelope must be right
/// (a JSON object with only <c>items</c>, an array; else the whole request is a 400), while an item
/// of the wrong shape (unknown or read-only members, wrong types) becomes that item's error and the
/// others still run. Each item's <c>externalId</c>, when it is a string, is its key.
/// </summary>
public sealed class BatchBody<TItem>
    where TItem : class
{
    private BatchBody(IReadOnlyList<BatchEntry<TItem>> entries) => Entries = entries;

    public IReadOnlyList<BatchEntry<TItem>> Entries { get; }

#pragma warning disable CA1000 // Minimal APIs look for a static BindAsync on the parameter type itself.
    public static async ValueTask<BatchBody<TItem>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = await JsonBodyReader.ReadObjectAsync(context.Request, BatchEndpoints.MaxBodyBytes, context.RequestAborted);
        var envelope = new JsonPathErrors();
        foreach (var (name, _) in document.Where(m => m.Key != "items"))
        {
            envelope.Add(name, $"Unknown property '{name}'. Allowed: items.");
        }

        if (document["items"] is not JsonArray items)
        {
            envelope.Add("items", "Must be a JSON array of the items.");
        }

        if (envelope.Count > 0)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The request body is not a batch.", envelope.ToProblemErrors());
        }

        return new BatchBody<TItem>(((JsonArray)document["items"]!).Select((node, index) => Bind(node, index)).ToArray());
    }
#pragma warning restore CA1000

    private static BatchEntry<TItem> Bind(JsonNode? node, int index)
    {
        var path = BatchPaths.Of(index, null);
        if (node is not JsonObject item)
        {
            return Rejected(index, null, new Dictionary<string, string[]> { [path] = ["Must be a JSON object."] });
        }

        var key = item["externalId"] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        var errors = JsonShapeChecker.Check(item, typeof(TItem));
        if (errors.Count > 0)
        {
            return Rejected(index, key, errors.ByPath.ToDictionary(e => BatchPaths.Of(index, e.Key), e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        try
        {
            return new BatchEntry<TItem>(index, key, item.Deserialize<TItem>(ApiJson.Options), item, null);
        }
        catch (JsonException e)
        {
            var member = e.Path is { Length: > 2 } p ? p[2..] : null;
            return Rejected(index, key, new Dictionary<string, string[]> { [BatchPaths.Of(index, member)] = ["The value is not valid for this field."] });
        }
    }

    private static BatchEntry<TItem> Rejected(int index, string? key, IReadOnlyDictionary<string, string[]> errors) => new(index, key, null, null, errors);
}
