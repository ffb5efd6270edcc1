using System.Text;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// The characters no value of the API may carry, wherever it arrives (body, query, route,
/// header): control characters other than tab, line feed and carriage return (U+0000–U+001F,
/// U+007F–U+009F), and unpaired UTF-16 surrogates. PostgreSQL cannot store U+0000 in text or
/// jsonb, and no name, note or key needs any of them.
/// </summary>
internal static class InputText
{
    public const string Rule = "Must not contain control characters (other than tab, line feed and carriage return) or unpaired surrogates.";

    /// <summary>Describes the first forbidden character of <paramref name="value"/>, or null when there is none.</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"Contains an unpaired surrogate (U+{(int)c:X4}) at position {i}. {Rule}";
            }

            if (char.IsControl(c) && c is not '\t' and not '\n' and not '\r')
            {
                return $"Contains the control character U+{(int)c:X4} at position {i}. {Rule}";
            }
        }

        return null;
    }

    /// <summary>A value for a problem detail: shortened and with control characters escaped.</summary>
    public static string Printable(string value, int max = 60)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c);
        }

        return value.Length > max ? builder.Append('…').ToString() : builder.ToString();
    }
}
