using System.Text.Json.Serialization;

namespace CustomerRetention.Application.BuildingBlocks.Paging;

/// <summary>One page of a keyset-paginated list. <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);

public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 200;
}
