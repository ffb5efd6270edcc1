using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>One request the receiver got: its path, the three Standard Webhooks headers (as sent) and the body.</summary>
public sealed record ReceivedWebhook(string Path, HeaderDictionary Headers, string Body, DateTimeOffset At)
{
    public string Id => Headers["webhook-id"].ToString();

    public string Signature => Headers["webhook-signature"].ToString();
}

/// <summary>
/// A tiny HTTP receiver on a real loopback socket (Kestrel), standing in for an integrator's
/// endpoint: it records every request and answers what <see cref="Answer"/> says (200 by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The answer to the n-th request (1-based) to a path: a status code, and optionally a Location.</summary>
    public Func<string, int, (int Status, string? Location)> Answer { get; set; } = (_, _) => (200, null);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The URL of a path on this receiver.</summary>
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == path).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var counts = new ConcurrentDictionary<string, int>();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary();
            foreach (var (name, value) in context.Request.Headers)
            {
                headers[name] = value;
            }

            var path = context.Request.Path.Value ?? "/";
            receiver.Received.Enqueue(new ReceivedWebhook(path, headers, body, DateTimeOffset.UtcNow));
            var (status, location) = receiver.Answer(path, counts.AddOrUpdate(path, 1, (_, n) => n + 1));
            context.Response.StatusCode = status;
            if (location is not null)
            {
                context.Response.Headers.Location = location;
            }

            if (status >= 400)
            {
                await context.Response.WriteAsync(new string('x', 5000));
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
