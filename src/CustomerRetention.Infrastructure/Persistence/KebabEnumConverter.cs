using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerRetention.Infrastructure.Persistence;

/// <summary>
/// Stores an enum as its API spelling (<c>post-purchase</c>, <c>left-message</c>), so set-based SQL
/// can write a resource's event data straight from its columns.
/// </summary>
internal sealed class KebabEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()),
    v => Enum.Parse<TEnum>(v.Replace("-", string.Empty, StringComparison.Ordinal), true))
    where TEnum : struct, Enum;
