using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// The API of an <see cref="ApiFactory"/> on a real Kestrel socket (a free loopback port), for
/// what the in-memory test server cannot show: Kestrel's own limits and rejections, and headers
/// exactly as a client wrote them (empty values included).
/// </summary>
public sealed class KestrelHost : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public KestrelHost(ApiFactory api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _factory = api.WithWebHostBuilder(_ => { });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri Address { get; }

    public void Dispose() => _factory.Dispose();

    /// <summary>
    /// Sends <paramref name="request"/> as raw bytes (nothing on the client side fixes it up) with
    /// <c>Connection: close</c> semantics, and reads the whole answer.
    /// </summary>
    public async Task<RawResponse> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Address.Host, Address.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(h => h[0], h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), headers, text[(split + 4)..]);
    }
}

/// <summary>A response read off the socket: status, headers, body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
