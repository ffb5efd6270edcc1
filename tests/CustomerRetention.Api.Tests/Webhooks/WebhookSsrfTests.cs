using System.Net;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Infrastructure.Webhooks;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Webhooks;

/// <summary>A delivering host that calls public addresses only (<c>Webhooks:AllowPrivateNetworks</c> false, as in production).</summary>
public sealed class StrictWebhookApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WebhookApiFactory.Deliver(builder, allowPrivateNetworks: false, retryDelays: "none");
    }
}

/// <summary>
/// The SSRF guard at send time: a subscription whose host later resolves to a private address
/// (DNS rebinding, simulated by changing the stored URL) is never connected to; the refusal is the
/// attempt's error. And the address classification itself.
/// </summary>
public sealed class WebhookSsrfTests(StrictWebhookApiFactory api) : IClassFixture<StrictWebhookApiFactory>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Theory]
    [InlineData("https://127.0.0.1:{port}/ssrf", "loopback")]
    [InlineData("https://localhost:{port}/ssrf", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/ssrf", "loopback")]
    public async Task An_address_that_turned_private_after_the_create_is_refused_at_send_time(string url, string kind)
    {
        var client = api.CreateClient();
        var hook = await client.CreateWebhookAsync("https://hooks.example.com/ssrf", "customer.created");
        await api.ExecuteAsync($"UPDATE webhooks SET url = '{url.Replace("{port}", _receiver.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}' WHERE id = '{hook["id"]}'");
        await client.CreateCustomerAsync(new { type = "individual", name = "Rebinding Rex" });

        await WebhookApi.EventuallyAsync(async () => (await client.DeliveriesAsync(hook["id"]!)).Any(d => d["state"]!.GetValue<string>() == "failed"), "the delivery is refused");

        var attempt = (await client.DeliveriesAsync(hook["id"]!)).Single()["attempts"]!.AsArray().Single()!;
        Assert.Null(attempt["status"]);
        Assert.StartsWith("Refused:", attempt["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(kind, attempt["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task A_plain_http_url_is_refused_at_create_when_private_networks_are_not_allowed()
    {
        using var response = await api.CreateClient().PostAsync("/api/v1/webhooks", Requests.Json(new { url = _receiver.Url("plain"), eventTypes = new[] { "*" } }));
        var problem = await response.AssertProblemAsync(400);

        Assert.Equal(["url"], problem.ErrorKeys());
        Assert.Equal(0L, await api.ScalarAsync<long>($"SELECT count(*) FROM webhooks WHERE url LIKE '%/plain'"));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "shared")]
    [InlineData("100.127.255.254", "shared")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fdff:ffff::1", "unique-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    public void Non_public_addresses_are_named(string address, string kind) =>
        Assert.Contains(kind, WebhookAddressGuard.NonPublicKind(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_pass(string address) =>
        Assert.Null(WebhookAddressGuard.NonPublicKind(IPAddress.Parse(address)));

    [Fact]
    public async Task The_guard_refuses_a_name_that_resolves_to_loopback_and_lets_an_unresolvable_one_pass_to_the_send_time_check()
    {
        var guard = new WebhookAddressGuard(new CustomerRetention.Application.Webhooks.WebhookSettings());

        Assert.Contains("loopback", await guard.RefusalAsync(new Uri("https://localhost/"), CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(await guard.RefusalAsync(new Uri("https://no-such-host.invalid/"), CancellationToken.None));
    }
}
