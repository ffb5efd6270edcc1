namespace CustomerRetention.Api.BuildingBlocks.Hosting;

/// <summary>A setting that holds a list: an array (<c>Key__0</c>, <c>Key__1</c>, …) or one string separated by commas, semicolons or spaces.</summary>
internal static class SettingList
{
    public static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { Length: > 0 } single ? [single] : section.GetChildren().Select(c => c.Value ?? string.Empty);
        return values.SelectMany(v => v.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
