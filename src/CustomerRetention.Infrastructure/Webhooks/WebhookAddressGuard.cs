using System.Net;
using System.Net.Sockets;
using CustomerRetention.Application.Webhooks;

namespace CustomerRetention.Infrastructure.Webhooks;

/// <summary>
/// The SSRF guard (ADR 0022): a host is called only when every address it resolves to is public.
/// Refused: unspecified, loopback, RFC 1918 private, shared (CGNAT 100.64/10), link-local
/// (169.254/16, the cloud metadata address among them), benchmarking, reserved and multicast IPv4;
/// unspecified, loopback, unique-local (fc00::/7), link-local (fe80::/10), site-local and multicast
/// IPv6; IPv4-mapped and NAT64 IPv6 by the IPv4 address they carry. Everything is allowed when
/// <c>Webhooks:AllowPrivateNetworks</c> is set (development and tests).
/// </summary>
public sealed class WebhookAddressGuard(WebhookSettings settings) : IWebhookAddressGuard
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (settings.AllowPrivateNetworks)
        {
            return null;
        }

        try
        {
            var (_, refusal) = await ResolveAsync(url.IdnHost, cancellationToken);
            return refusal;
        }
        catch (SocketException)
        {
            return null; // a name that does not resolve yet: checked again at every send
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> that may be called, or why none may. Throws
    /// <see cref="SocketException"/> when the name does not resolve.
    /// </summary>
    public async Task<(IReadOnlyList<IPAddress> Addresses, string? Refusal)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
        }

        if (addresses.Length == 0)
        {
            return ([], $"'{host}' resolves to no address.");
        }

        if (settings.AllowPrivateNetworks)
        {
            return (addresses, null);
        }

        foreach (var address in addresses)
        {
            if (NonPublicKind(address) is { } kind)
            {
                return ([], $"'{host}' resolves to {address}, a {kind} address: webhooks are sent only to public addresses.");
            }
        }

        return (addresses, null);
    }

    /// <summary>What kind of non-public address this is, or null for a public one.</summary>
    public static string? NonPublicKind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return NonPublicKind(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => Ipv4Kind(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => Ipv6Kind(address),
            _ => "non-IP",
        };
    }

    private static string? Ipv4Kind(byte[] b) => b switch
    {
        [0, ..] => "unspecified ('this network')",
        [10, ..] => "private (10.0.0.0/8)",
        [100, >= 64 and <= 127, ..] => "shared (100.64.0.0/10)",
        [127, ..] => "loopback",
        [169, 254, ..] => "link-local (169.254.0.0/16, cloud metadata)",
        [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
        [192, 0, 0, _] => "reserved (192.0.0.0/24)",
        [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => "documentation",
        [192, 168, ..] => "private (192.168.0.0/16)",
        [198, 18 or 19, ..] => "benchmarking (198.18.0.0/15)",
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved (240.0.0.0/4)",
        _ => null,
    };

    private static string? Ipv6Kind(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback";
        }

        var b = address.GetAddressBytes();
        if ((b[0] & 0xfe) == 0xfc)
        {
            return "unique-local (fc00::/7)";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "link-local (fe80::/10)";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return "site-local (fec0::/10)";
        }

        if (b[0] == 0xff)
        {
            return "multicast";
        }

        // NAT64 (64:ff9b::/96) and the deprecated IPv4-compatible form (::/96) carry an IPv4 address.
        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].All(x => x == 0);
        var compatible = b[..12].All(x => x == 0);
        if (nat64 || compatible)
        {
            return Ipv4Kind(b[12..]) is { } kind ? kind + " (embedded in IPv6)" : null;
        }

        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 ? "documentation (2001:db8::/32)" : null;
    }
}
