using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace CustomerRetention.Api.BuildingBlocks.Hosting;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only from the proxies listed in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR
/// ranges). With neither set they are ignored: anyone could otherwise claim any client address, and
/// the address is what rate limits an anonymous caller by (ADR 18).
/// </summary>
public static class TrustedProxies
{
    /// <summary>The configured proxies and networks (empty: forwarded headers are ignored).</summary>
    public static (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<IPNetwork> Networks) From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var proxies = SettingList.Values(configuration, "ForwardedHeaders:KnownProxies").Select(value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{value}' is not an IP address.")).ToList();
        var networks = SettingList.Values(configuration, "ForwardedHeaders:KnownNetworks").Select(value => IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{value}' is not a CIDR range such as 10.0.0.0/8.")).ToList();
        return (proxies, networks);
    }

    /// <summary>Adds the forwarded-headers middleware when proxies are configured; first, so everything after sees the client.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (proxies, networks) = From(app.Configuration);
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(network);
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
