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
/// The API on a real Kestrel socket instead of the in-memory TestServer, for tests that must see
/// what Kestrel itself answers (its request-line, header and path limits: 414, 431, 400), headers
/// exactly as a client wrote them (the TestServer drops empty values) and the HTTP/1.1 framing a
/// production client gets. Uses <c>WebApplicationFactory.UseKestrel</c> (ASP.NET Core 10): the
/// whole application, configuration and test database included, runs as with
/// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>.
/// </summary>
public static class KestrelHosting
{
    /// <summary>
    /// Starts <paramref name="factory"/> on Kestrel at a free loopback port (call before anything
    /// else touches the factory) and returns the server's base address, e.g. <c>http://127.0.0.1:40123/</c>.
    /// </summary>
    public static Uri StartOnKestrel<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);

        // An explicit endpoint on port 0: UseKestrel(0) falls back to the default 127.0.0.1:5000
        // here, so two hosts of one test run would collide.
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reports no address.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Kestrel listens on no http address: {string.Join(", ", addresses)}");
        return new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>
    /// A plain HTTP client to a Kestrel-hosted API: no redirects followed, no cookies, no
    /// automatic decompression, so the test sees exactly what the server sent. It calls as the
    /// default test caller (<see cref="TestHostFactory"/>).
    /// </summary>
    public static HttpClient CreateSocketClient(Uri baseAddress, TimeSpan? timeout = null) =>
        new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 32,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        }.As("admin", TestCredentials.AdminId, "Test Admin");

    /// <summary>
    /// Sends <paramref name="request"/> as raw bytes (nothing on the client side fixes it up),
    /// and reads the answer until the server closes the connection: send <c>Connection: close</c>
    /// unless the server rejects the request (it then closes by itself).
    /// </summary>
    public static async Task<RawResponse> SendRawAsync(Uri baseAddress, string request)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        // A header sent on several lines (WWW-Authenticate with one challenge each) reads as one comma-separated value.
        var headers = lines.Skip(1).Select(l => l.Split(':', 2))
            .GroupBy(h => h[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h[1].Trim())), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), headers, text[(split + 4)..]);
    }
}

/// <summary>The API of an <see cref="ApiFactory"/> (its database and settings) on a real Kestrel socket, for one test or test class.</summary>
public sealed class KestrelHost : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public KestrelHost(ApiFactory api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _factory = api.WithWebHostBuilder(_ => { });
        Address = _factory.StartOnKestrel();
    }

    public Uri Address { get; }

    public Task<RawResponse> SendRawAsync(string request) => KestrelHosting.SendRawAsync(Address, request);

    public void Dispose() => _factory.Dispose();
}

/// <summary>A response read off the socket: status, headers, body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
