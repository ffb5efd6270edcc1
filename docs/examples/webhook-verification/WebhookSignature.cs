using System.Security.Cryptography;
using System.Text;

namespace WebhookReceiver;

/// <summary>Checks a CustomerRetention webhook (Standard Webhooks): the signature and the timestamp.</summary>
public static class WebhookSignature
{
    /// <param name="secret">The subscription's secret, <c>whsec_…</c>, as shown once on create or rotation.</param>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header (Unix seconds).</param>
    /// <param name="signatures">The <c>webhook-signature</c> header: space-separated <c>v1,&lt;base64&gt;</c> entries.</param>
    /// <param name="body">The request body exactly as received (not re-serialized).</param>
    /// <param name="now">The receiver's clock.</param>
    public static bool Verify(string secret, string id, string timestamp, string signatures, string body, DateTimeOffset now)
    {
        // A stale or future timestamp is refused, so a captured request cannot be replayed later.
        if (!long.TryParse(timestamp, out var sent) || Math.Abs(now.ToUnixTimeSeconds() - sent) > 5 * 60)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));

        // During a secret rotation the header carries one signature per secret: one match is enough.
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            var given = new byte[expected.Length];
            if (parts is ["v1", var value] && Convert.TryFromBase64String(value, given, out var length) && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }
}
