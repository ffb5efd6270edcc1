using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>A delivering API whose every log line (Debug and up) is kept.</summary>
public sealed class LogCapturingWebhookApiFactory : WebhookApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
    }
}

/// <summary>No webhook secret, signature or receiver URL token reaches a log line, through creation, rotation, failing and succeeding deliveries.</summary>
public sealed class WebhookLogHygieneTests(LogCapturingWebhookApiFactory api) : IClassFixture<LogCapturingWebhookApiFactory>
{
    [Fact]
    public async Task Secrets_and_signatures_never_reach_the_logs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, n) => n == 1 ? (500, null) : (200, null);
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync(receiver.Url("hygiene?token=url-token-4711"), "customer.created");
        using var rotation = await client.PostAsync($"/api/v1/webhooks/{hook["id"]}/secret-rotations", null);
        var rotated = (await rotation.ReadObjectAsync())["secret"]!.GetValue<string>();
        await client.CreateCustomerAsync(new { type = "individual", name = "Hygiene Hana" });
        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Any(d => d["state"]!.GetValue<string>() == "succeeded"), "the delivery succeeds");

        var secrets = new[] { hook["secret"]!.GetValue<string>()["whsec_".Length..], rotated["whsec_".Length..], "url-token-4711" };
        var signatures = receiver.Received.SelectMany(r => r.Signature.Split(' ')).Select(s => s["v1,".Length..]).ToList();
        var lines = api.Logs.Entries.Select(e => e.Message + " " + e.Exception).ToList();
        Assert.Contains(lines, l => l.Contains("failed (status 500)", StringComparison.Ordinal)); // the failed attempt was logged
        Assert.NotEmpty(signatures);
        Assert.All(secrets.Concat(signatures), secret => Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal)));
    }
}
