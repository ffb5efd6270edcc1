using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>
/// Stores an enum as its API spelling (<c>auto-resolved</c>, <c>post-purchase</c>), so set-based SQL
/// can write a resource's columns and its event data in the words the API reads.
/// </summary>
internal sealed class KebabEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()),
    v => Enum.Parse<TEnum>(v.Replace("-", string.Empty, StringComparison.Ordinal), true))
    where TEnum : struct, Enum
{
    /// <summary>Every stored spelling, for check constraints.</summary>
    public static string Values => string.Join(", ", Enum.GetNames<TEnum>().Select(n => $"'{JsonNamingPolicy.KebabCaseLower.ConvertName(n)}'"));
}
