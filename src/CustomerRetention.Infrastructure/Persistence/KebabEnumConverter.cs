using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>
/// Stores an enum as the API spells it (<c>auto-resolved</c>, <c>p-alive-low</c>), so the
/// set-based SQL that writes these columns and the API read the same words.
/// </summary>
internal sealed class KebabEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()),
    v => Enum.Parse<TEnum>(v.Replace("-", string.Empty, StringComparison.Ordinal), true))
    where TEnum : struct, Enum
{
    /// <summary>Every stored spelling, for check constraints.</summary>
    public static string Values => string.Join(", ", Enum.GetNames<TEnum>().Select(n => $"'{JsonNamingPolicy.KebabCaseLower.ConvertName(n)}'"));
}
