using System.Security.Cryptography;
using System.Text;

namespace CustomerRetention.Domain.Access;

/// <summary>
/// The text of an API key and how it is kept: <c>cr_&lt;8-character lookup prefix&gt;_&lt;secret&gt;</c>.
/// Only the prefix (to find the row) and a salted HMAC-SHA256 of the whole key are stored. A key
/// carries 256 random bits, so a fast keyed hash is enough (no password stretching): guessing is
/// hopeless, and every request can afford the check.
/// </summary>
public static class ApiKeySecret
{
    public const string Marker = "cr_";
    public const int PrefixLength = 8;
    public const int SaltLength = 16;

    /// <summary>The shortest configured key (<c>Auth:BootstrapApiKey</c>) accepted.</summary>
    public const int MinimumLength = 32;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A new random key in the house format.</summary>
    public static string Generate() =>
        Marker + RandomNumberGenerator.GetString(Alphabet, PrefixLength) + "_" + RandomNumberGenerator.GetString(Alphabet, 43);

    /// <summary>
    /// The lookup prefix of a presented key: the 8 characters after <c>cr_</c> for a key in the
    /// house format, otherwise (a configured bootstrap key of another shape) the first 8 hex
    /// digits of its SHA-256, so any text can be looked up without storing it.
    /// </summary>
    public static string LookupPrefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > Marker.Length + PrefixLength && key.StartsWith(Marker, StringComparison.Ordinal) && key[Marker.Length + PrefixLength] == '_')
        {
            return key.Substring(Marker.Length, PrefixLength);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..PrefixLength];
    }

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    public static byte[] Hash(string key, byte[] salt) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="key"/> is the key stored as <paramref name="hash"/>, in constant time.</summary>
    public static bool Matches(string key, byte[] salt, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key, salt), hash);
}
