using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerRetention.Application.BuildingBlocks.Json;

/// <summary>
/// The JSON conventions of the HTTP contract (docs/api.md), in one place: camelCase members,
/// enums as lower-case kebab strings, timestamps as UTC with <c>Z</c>, members a type does not map
/// refused (<see cref="JsonUnmappedMemberHandling.Disallow"/>). The Api configures its
/// serializer with <see cref="Configure"/>, and the use cases that work on JSON documents
/// (merge-patch) use <see cref="Options"/>, so both always agree.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(TimestampConverter());
        options.Converters.Add(DateConverter());
    }

    /// <summary>The JSON spellings of an enum's members, e.g. <c>awareness</c>, <c>cant-lose-them</c>.</summary>
    public static IReadOnlyList<string> EnumValues(Type enumType) =>
        Enum.GetNames(enumType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();

    /// <summary>The JSON spelling of one enum member.</summary>
    public static string EnumValue<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The member an enum's JSON spelling names (the inverse of <see cref="EnumValue"/>); throws for a spelling no member has.</summary>
    public static TEnum ParseEnum<TEnum>(string value)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().First(v => EnumValue(v) == value);

    /// <summary>The one spelling of a timestamp in the API (UTC, <c>Z</c>, no trailing zeros), also used by the CSV exports.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private delegate bool TryParse<T>(string? text, out T value);

    /// <summary>Timestamps by <see cref="ApiTime.TimestampRule"/>, written in UTC with a <c>Z</c> suffix.</summary>
    private static JsonConverter<DateTimeOffset> TimestampConverter() => new TextConverter<DateTimeOffset>(
        ApiTime.TryParseTimestamp, FormatTimestamp, ApiTime.TimestampRule);

    /// <summary>Dates by <see cref="ApiTime.DateRule"/>, written as <c>YYYY-MM-DD</c>.</summary>
    private static JsonConverter<DateOnly> DateConverter() => new TextConverter<DateOnly>(
        ApiTime.TryParseDate, v => v.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture), ApiTime.DateRule);

    /// <summary>A value read from a JSON string by a parse rule and written back in its one canonical form.</summary>
    private sealed class TextConverter<T>(TryParse<T> parse, Func<T, string> format, string rule) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && parse(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"The value must be {rule}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(format(value));
    }
}
