using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>
/// The API with its webhook delivery worker running, fast: short retry delays and polls. Private
/// networks are allowed (the receiver is on loopback) unless a test says otherwise.
/// </summary>
public class WebhookApiFactory : ApiFactory
{
    /// <summary>The settings of a delivering host; tests change single ones through <see cref="WebApplicationFactory{T}.WithWebHostBuilder"/>.</summary>
    public static void Deliver(IWebHostBuilder builder, bool allowPrivateNetworks = true, string retryDelays = "100ms,100ms,100ms")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Webhooks:Worker", "true");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", allowPrivateNetworks ? "true" : "false");
        builder.UseSetting("Webhooks:RetryDelays", retryDelays);
        builder.UseSetting("Webhooks:Timeout", "3s");
        builder.UseSetting("Webhooks:PollInterval", "50ms");
        builder.UseSetting("Webhooks:SecretOverlap", "24h");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Deliver(builder);
    }
}

/// <summary>Helpers of the webhook tests.</summary>
public static class WebhookApi
{
    /// <summary>Creates a subscription and returns the created resource (with its secret).</summary>
    public static async Task<JsonObject> CreateWebhookAsync(this HttpClient client, string url, params string[] eventTypes)
    {
        using var response = await client.PostAsync("/api/v1/webhooks", Requests.Json(new { url, eventTypes }));
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return body;
    }

    /// <summary>Every delivery of a subscription (all pages).</summary>
    public static Task<List<JsonObject>> DeliveriesAsync(this HttpClient client, object webhookId) =>
        new ApiClient(client).AllPagesAsync($"/api/v1/webhooks/{webhookId}/deliveries?limit=200", 200);

    /// <summary>Waits until <paramref name="done"/> holds, or fails with <paramref name="what"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {seconds} s: {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Verifies a received delivery with the independent StandardWebhooks package; throws when it does not verify.</summary>
    public static void Verify(string secret, ReceivedWebhook received, string? signature = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = received.Headers["webhook-id"],
            ["webhook-timestamp"] = received.Headers["webhook-timestamp"],
            ["webhook-signature"] = signature ?? received.Signature,
        };
        new StandardWebhooks.StandardWebhook(secret).Verify(received.Body, headers);
    }
}

/// <summary>An API without a delivery worker that accepts loopback URLs: the instance the burst's changes go through.</summary>
public sealed class LoopbackWebhookApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
    }
}
