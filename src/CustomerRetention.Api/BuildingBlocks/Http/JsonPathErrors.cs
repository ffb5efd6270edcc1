namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>Problems found in a request body, keyed by JSON path (<c>address.city</c>, <c>tags[1]</c>; the root is <c>body</c>).</summary>
internal sealed class JsonPathErrors
{
    public Dictionary<string, List<string>> ByPath { get; } = new(StringComparer.Ordinal);

    public int Count => ByPath.Count;

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public void Add(string path, string message)
    {
        var key = path.Length == 0 ? "body" : path;
        if (!ByPath.TryGetValue(key, out var list))
        {
            ByPath[key] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToProblemErrors() => ByPath.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
