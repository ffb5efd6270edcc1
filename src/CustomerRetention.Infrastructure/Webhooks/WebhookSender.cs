using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CustomerRetention.Application.Webhooks;
using CustomerRetention.Domain.Webhooks;

namespace CustomerRetention.Infrastructure.Webhooks;

/// <summary>The outcome of one attempt: the receiver's status (null without an answer), its duration, and what went wrong (null on a 2xx).</summary>
public sealed record AttemptOutcome(int? Status, long DurationMs, string? Error)
{
    public bool Succeeded => Error is null;

    public bool Gone => Status == (int)HttpStatusCode.Gone;
}

/// <summary>
/// Sends one signed delivery (Standard Webhooks headers). The connection goes only to an address
/// the guard vetted at connect time (<see cref="SocketsHttpHandler.ConnectCallback"/>), so a name
/// that resolves to a public address at one moment and a private one the next (DNS rebinding)
/// cannot reach the private one; no proxy, no redirects (a 3xx is a failure), no cookies.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    /// <summary>At most this much of a receiver's answer is kept in an attempt's error.</summary>
    public const int MaxResponseBytes = 1024;

    private readonly WebhookSettings _settings;
    private readonly WebhookAddressGuard _guard;
    private readonly TimeProvider _clock;
    private readonly HttpClient _client;

    public WebhookSender(WebhookSettings settings, WebhookAddressGuard guard, TimeProvider clock)
    {
        _settings = settings;
        _guard = guard;
        _clock = clock;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = settings.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<AttemptOutcome> SendAsync(string url, IReadOnlyList<string> secrets, Guid eventId, string body, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        var messageId = eventId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSecret.SignatureHeader(secrets, messageId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("CustomerRetention-Webhooks", "1"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new AttemptOutcome(status, Elapsed(started), null);
            }

            var error = status is >= 300 and < 400
                ? $"Redirects are not followed: the receiver answered {status}{(response.Headers.Location is { } location ? " to " + location : string.Empty)}."
                : $"The receiver answered {status}: {await ExcerptAsync(response, timeout.Token)}";
            return new AttemptOutcome(status, Elapsed(started), Truncate(error));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(null, Elapsed(started), $"No answer within {_settings.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            var refused = FindRefusal(e);
            return new AttemptOutcome(null, Elapsed(started), Truncate(refused ?? $"The request failed: {e.GetBaseException().Message}"));
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<IPAddress> addresses;
        string? refusal;
        try
        {
            (addresses, refusal) = await _guard.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new WebhookAddressRefusedException($"'{context.DnsEndPoint.Host}' does not resolve: {e.Message}");
        }

        if (refusal is not null)
        {
            throw new WebhookAddressRefusedException(refusal);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Only the vetted addresses: the name is not resolved a second time.
            await socket.ConnectAsync(addresses.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private long Elapsed(long started) => (long)_clock.GetElapsedTime(started).TotalMilliseconds;

    private static string? FindRefusal(Exception e)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException refused)
            {
                return "Refused: " + refused.Message;
            }
        }

        return null;
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxResponseBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += n;
            }

            return read == 0 ? "(empty body)" : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "(the body could not be read)";
        }
    }

    private static string Truncate(string text) => text.Length <= MaxResponseBytes + 100 ? text : text[..(MaxResponseBytes + 100)];
}

/// <summary>The guard refused the address a webhook URL resolves to.</summary>
public sealed class WebhookAddressRefusedException : Exception
{
    public WebhookAddressRefusedException(string message)
        : base(message)
    {
    }

    public WebhookAddressRefusedException()
    {
    }

    public WebhookAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
