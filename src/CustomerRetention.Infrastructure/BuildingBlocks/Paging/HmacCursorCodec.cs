using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Interfaces;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Paging;

/// <summary>
/// Cursors are base64url(JSON position) + "." + base64url(HMAC-SHA256 tag). The tag makes a
/// cursor tamper-evident; every API instance must share the key (<c>Pagination:CursorKey</c>).
/// </summary>
public sealed class HmacCursorCodec : ICursorCodec
{
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public HmacCursorCodec(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _key = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public string Encode<T>(T position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position);
        return Base64Url(payload) + "." + Base64Url(Tag(payload));
    }

    public bool TryDecode<T>(string cursor, out T? position)
    {
        position = default;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryFromBase64Url(cursor[..dot], out var payload) || !TryFromBase64Url(cursor[(dot + 1)..], out var tag))
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(tag, Tag(payload)))
        {
            return false;
        }

        try
        {
            position = JsonSerializer.Deserialize<T>(payload);
            return position is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private byte[] Tag(byte[] payload) => HMACSHA256.HashData(_key, payload)[..TagBytes];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
