using System.Text.Json.Serialization;

namespace CustomerRetention.Application.BuildingBlocks.Paging;

/// <summary>One page of a keyset-paginated list. <c>nextCursor</c> is left out on the last page.</summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);

public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 200;

    /// <summary>The longest cursor a list accepts (the cursors it hands out are far shorter).</summary>
    public const int CursorMaxLength = 1000;
}
