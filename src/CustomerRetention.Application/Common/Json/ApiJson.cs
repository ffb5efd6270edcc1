using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerRetention.Application.Common.Json;

/// <summary>
/// The JSON conventions of the HTTP contract (API.md §1), in one place: camelCase members,
/// enums as lower-case kebab strings, timestamps as UTC with <c>Z</c>. The Api configures its
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
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new BoundedDateOnlyConverter());
    }

    /// <summary>The JSON spellings of an enum's members, e.g. <c>awareness</c>, <c>cant-lose-them</c>.</summary>
    public static IReadOnlyList<string> EnumValues(Type enumType) =>
        Enum.GetNames(enumType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();

    /// <summary>The JSON spelling of one enum member.</summary>
    public static string EnumValue<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads a timestamp by <see cref="ApiTime.TimestampRule"/>; writes UTC with a <c>Z</c> suffix.</summary>
    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !ApiTime.TryParseTimestamp(reader.GetString(), out var value))
            {
                throw new JsonException($"The value must be {ApiTime.TimestampRule}.");
            }

            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a date by <see cref="ApiTime.DateRule"/>; writes <c>YYYY-MM-DD</c>.</summary>
    private sealed class BoundedDateOnlyConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !ApiTime.TryParseDate(reader.GetString(), out var value))
            {
                throw new JsonException($"The value must be {ApiTime.DateRule}.");
            }

            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture));
    }
}
