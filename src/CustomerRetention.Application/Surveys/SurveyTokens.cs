using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CustomerRetention.Application.Surveys;

/// <summary>
/// The single-use tokens of survey sends: 32 bytes (256 bits) from the operating system's CSPRNG,
/// base64url without padding behind a <c>svy_</c> prefix (URL-safe, 47 characters). Only the
/// SHA-256 of the token is stored: a leaked table answers no survey. A token is high-entropy, so
/// an unsalted hash is enough and lets the public endpoint find its send by an index.
/// </summary>
public static class SurveyTokens
{
    public const string Prefix = "svy_";

    /// <summary>The longest text the public endpoint treats as a possible token (anything longer is unknown).</summary>
    public const int MaxLength = 100;

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
