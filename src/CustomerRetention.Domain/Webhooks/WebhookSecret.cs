using System.Security.Cryptography;
using System.Text;

namespace CustomerRetention.Domain.Webhooks;

/// <summary>
/// A subscription's signing secret and the Standard Webhooks signature scheme: the secret is
/// <c>whsec_</c> + base64 of 32 random bytes; a signature is <c>v1,</c> + base64 of
/// HMAC-SHA256(secret bytes, <c>{id}.{timestamp}.{body}</c>).
/// </summary>
public static class WebhookSecret
{
    public const string Marker = "whsec_";
    public const int KeyBytes = 32;

    /// <summary>A new random secret.</summary>
    public static string Generate() => Marker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The key bytes of a secret (the base64 after <c>whsec_</c>).</summary>
    public static byte[] KeyOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(Marker, StringComparison.Ordinal))
        {
            throw new ArgumentException("Not a webhook secret.", nameof(secret));
        }

        return Convert.FromBase64String(secret[Marker.Length..]);
    }

    /// <summary>One <c>v1,&lt;base64&gt;</c> signature of a message with a secret.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), content));
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per secret, separated by spaces.</summary>
    public static string SignatureHeader(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));
}
