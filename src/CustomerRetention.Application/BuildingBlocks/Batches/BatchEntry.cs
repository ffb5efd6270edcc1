using System.Text.Json.Nodes;

namespace CustomerRetention.Application.BuildingBlocks.Batches;

/// <summary>
/// One item of a batch as the API read it: its position, the key it names (<c>externalId</c>, when
/// the item carries one as a string), the bound item and its JSON document (a merge-patch over an
/// existing resource), or the problems that kept it from binding, keyed by their path in the body
/// (<c>items[3].email</c>).
/// </summary>
public sealed record BatchEntry<TItem>(int Index, string? Key, TItem? Item, JsonObject? Document, IReadOnlyDictionary<string, string[]>? Rejected)
    where TItem : class
{
    /// <summary>The path of a member of this item in the request body.</summary>
    public string PathOf(string member) => BatchPaths.Of(Index, member);
}

/// <summary>Paths of batch items' members in the request body, as the errors name them.</summary>
public static class BatchPaths
{
    public static string Of(int index, string? member) =>
        string.IsNullOrEmpty(member) || member == "body" ? $"items[{index}]" : $"items[{index}].{member}";
}
