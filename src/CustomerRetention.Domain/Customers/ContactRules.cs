using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace CustomerRetention.Domain.Customers;

/// <summary>
/// Normalisation and validity of contact points: e-mail addresses, E.164 phone numbers and
/// ISO 3166-1 alpha-2 country codes.
/// </summary>
public static partial class ContactRules
{
    /// <summary>
    /// What a phone number may be written with (a JSON-Schema pattern): digits, <c>+</c> and the
    /// separators <see cref="TryNormalizePhone"/> removes. The E.164 check comes on top.
    /// </summary>
    public const string PhoneInputPattern = "^[+0-9 ./()\u00A0-]+$";

    /// <summary>
    /// Normalises a phone number to E.164: separators (space, dot, dash, slash, parentheses) are
    /// removed and a leading international prefix <c>00</c> becomes <c>+</c>. The result must be
    /// <c>+</c>, a non-zero digit and 6–14 more digits (7–15 digits in all).
    /// </summary>
    public static bool TryNormalizePhone(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var builder = new StringBuilder(input.Length);
        foreach (var c in input.Trim())
        {
            if (c is ' ' or '.' or '-' or '/' or '(' or ')' or '\u00A0')
            {
                continue;
            }

            builder.Append(c);
        }

        var candidate = builder.ToString();
        if (candidate.StartsWith("00", StringComparison.Ordinal))
        {
            candidate = "+" + candidate[2..];
        }

        if (!E164().IsMatch(candidate))
        {
            return false;
        }

        normalized = candidate;
        return true;
    }

    /// <summary>
    /// Checks an e-mail address (the practical subset of RFC 5321 that mail systems accept) and
    /// normalises it: trimmed, domain in lower case. The local part keeps its case.
    /// </summary>
    public static bool TryNormalizeEmail(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var trimmed = input.Trim();
        if (trimmed.Length > CustomerLimits.EmailMaxLength || !Email().IsMatch(trimmed))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        var local = trimmed[..at];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        normalized = string.Concat(local, "@", trimmed[(at + 1)..].ToLowerInvariant());
        return true;
    }

    /// <summary>True when <paramref name="code"/> is an assigned ISO 3166-1 alpha-2 code (any case).</summary>
    public static bool IsCountryCode(string? code) =>
        code is { Length: 2 } && CountryCodes.Contains(code.ToUpperInvariant());

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(
        @"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    private static readonly FrozenSet<string> CountryCodes = FrozenSet.ToFrozenSet(
    [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
        "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
        "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
        "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
        "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
        "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
        "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
        "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
        "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
        "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
        "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
        "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
        "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
        "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
        "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    ], StringComparer.Ordinal);
}
