using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// The API on a real Kestrel socket instead of the in-memory TestServer, for tests that must see
/// what Kestrel itself answers (its request-line, header and path limits: 414, 431, 400) and
/// the HTTP/1.1 framing a production client gets. Uses <c>WebApplicationFactory.UseKestrel</c>
/// (ASP.NET Core 10): the whole application, configuration and test database included, runs as
/// with <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>.
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
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reports no address.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Kestrel listens on no http address: {string.Join(", ", addresses)}");
        return new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>
    /// A plain HTTP client to a Kestrel-hosted API: no redirects followed, no cookies, no
    /// automatic decompression, so the test sees exactly what the server sent.
    /// </summary>
    public static HttpClient CreateSocketClient(Uri baseAddress, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            MaxConnectionsPerServer = 32,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
}
