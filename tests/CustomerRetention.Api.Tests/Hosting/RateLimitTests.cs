using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>The API with its rate limits on, at their defaults (600 a minute, bursts of 100; job starts 20).</summary>
public class RateLimitedApiFactory : ApiFactory
{
    private Uri? _address;

    /// <summary>The API on a Kestrel socket, started on first use (callers need real addresses).</summary>
    public Uri Address => _address ??= this.StartOnKestrel();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:Enabled", "true");
    }
}

/// <summary>Rate limits on, and the loopback proxy trusted for <c>X-Forwarded-For</c>: each forwarded address is a caller.</summary>
public sealed class RateLimitedBehindProxyApiFactory : RateLimitedApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:KnownProxies", "127.0.0.1");
    }
}

/// <summary>
/// Per-caller token buckets (ADR 18): a burst past the limit gets 429 problems with a numeric
/// <c>Retry-After</c> while another caller and the health probes are unaffected; answers carry the
/// rate-limit headers; job starts have a stricter bucket; forwarded addresses count only from a
/// configured proxy. Over a real Kestrel socket, where callers have addresses.
/// </summary>
public sealed class RateLimitTests(RateLimitedBehindProxyApiFactory api) : IClassFixture<RateLimitedBehindProxyApiFactory>
{
    private readonly Uri _address = api.Address;

    [Fact]
    public async Task A_burst_past_the_limit_gets_429_with_retry_after_and_another_caller_is_unaffected()
    {
        using var client = KestrelHosting.CreateSocketClient(_address);
        var ada = TestCredentials.Bearer("burst-ada", "viewer");
        var responses = await BurstAsync(client, ada, "203.0.113.10", "/api/v1/customers?limit=1", 300);
        try
        {
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            var served = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            Assert.NotEmpty(refused);
            Assert.True(served.Count >= 100, $"the burst of 100 is served (served {served.Count})");
            Assert.Equal(300, refused.Count + served.Count);

            var first = refused[0];
            Assert.True(first.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "a numeric Retry-After of at least one second");
            Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
            var problem = await first.ReadObjectAsync();
            Assert.Equal(429, problem["status"]!.GetValue<int>());
            Assert.Equal("rate-limited", problem["code"]!.GetValue<string>());
            Assert.NotNull(problem["traceId"]);
            Assert.Equal("100", Header(first, "RateLimit-Limit"));
            Assert.InRange(int.Parse(Header(first, "RateLimit-Remaining"), System.Globalization.CultureInfo.InvariantCulture), 0, 1);

            Assert.All(served, r => Assert.Equal("100", Header(r, "RateLimit-Limit")));
            var remaining = served.Select(r => int.Parse(Header(r, "RateLimit-Remaining"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(remaining.Max() >= 70 && remaining.Min() <= 5, $"the remaining count runs down with the burst (saw {remaining.Min()}–{remaining.Max()})");

            // Another caller (another user, from the same address) has its own bucket; the probes
            // are exempt and carry no rate-limit headers.
            using var other = await SendAsync(client, TestCredentials.Bearer("burst-grace", "viewer"), "203.0.113.10", "/api/v1/customers?limit=1");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal("99", Header(other, "RateLimit-Remaining"));
            using var ready = await SendAsync(client, ada, "203.0.113.10", "/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.False(ready.Headers.Contains("RateLimit-Limit"));
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Job_starts_have_a_stricter_bucket_and_a_refused_start_queues_nothing()
    {
        using var client = KestrelHosting.CreateSocketClient(_address);
        var runsBefore = await api.ScalarAsync<long>("SELECT count(*) FROM rfm_runs");
        var manager = TestCredentials.Bearer("heavy-manager", "manager");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 25 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rfm/runs") { Content = JsonContent.Create(new { }) };
            request.Headers.Authorization = manager;
            var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            var accepted = statuses.Count(s => s == HttpStatusCode.Accepted);
            Assert.InRange(accepted, 20, 24);
            Assert.Equal(accepted + 1, statuses.Count);
            var problem = await refused.ReadObjectAsync();
            Assert.Contains("job starts", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 });
            Assert.Equal(runsBefore + accepted, await api.ScalarAsync<long>("SELECT count(*) FROM rfm_runs"));
        }

        // The same caller may still read: the standard bucket is not spent.
        using var read = await SendAsync(client, manager, "203.0.113.20", "/api/v1/rfm/runs?limit=1");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/customers/export")]
    [InlineData("/api/v1/rfm/segments/champions/customers/export")]
    public async Task Exports_draw_from_the_stricter_bucket(string path)
    {
        using var client = KestrelHosting.CreateSocketClient(_address);
        var viewer = TestCredentials.Bearer("heavy-exporter-" + path.Length, "viewer");
        HttpStatusCode? refused = null;
        string? detail = null;
        var answered = 0;
        for (var i = 0; i < 25 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = viewer;
            using var response = await client.SendAsync(request);
            answered++;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response.StatusCode;
                detail = (await response.ReadObjectAsync())["detail"]!.GetValue<string>();
            }
        }

        Assert.NotNull(refused);
        Assert.InRange(answered, 21, 25);
        Assert.Contains("exports", detail, StringComparison.Ordinal);
    }

    /// <summary>Anonymous callers are their address: a trusted proxy's X-Forwarded-For makes each forwarded client one.</summary>
    [Fact]
    public async Task Anonymous_callers_behind_a_trusted_proxy_are_limited_per_forwarded_address()
    {
        using var client = KestrelHosting.CreateSocketClient(_address);
        client.DefaultRequestHeaders.Authorization = null;
        var responses = await BurstAsync(client, null, "203.0.113.30", "/api/v1/customers?limit=1", 200);
        try
        {
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
            using var other = await SendAsync(client, null, "203.0.113.31", "/api/v1/customers?limit=1");
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    /// <summary>Sends <paramref name="count"/> GETs, 16 at a time, as the caller (null: anonymous) from the forwarded address.</summary>
    internal static async Task<List<HttpResponseMessage>> BurstAsync(HttpClient client, AuthenticationHeaderValue? caller, string forwardedFor, string path, int count)
    {
        var responses = new HttpResponseMessage[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            responses[i] = await SendAsync(client, caller, forwardedFor, path));
        return [.. responses];
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, AuthenticationHeaderValue? caller, string forwardedFor, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Authorization = caller;
        return await client.SendAsync(request);
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header");
}

/// <summary>
/// Without a configured proxy, <c>X-Forwarded-For</c> is ignored: an anonymous caller cannot escape
/// its bucket by claiming other addresses.
/// </summary>
public sealed class ForwardedHeadersUntrustedTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task Claimed_addresses_do_not_make_new_callers_without_a_trusted_proxy()
    {
        using var client = KestrelHosting.CreateSocketClient(api.Address);
        client.DefaultRequestHeaders.Authorization = null;
        var first = await RateLimitTests.BurstAsync(client, null, "198.51.100.1", "/api/v1/customers?limit=1", 150);
        var second = await RateLimitTests.BurstAsync(client, null, "198.51.100.2", "/api/v1/customers?limit=1", 150);
        try
        {
            // Were the claimed address a caller of its own, the second burst would be served 100 times.
            Assert.Contains(first, r => r.StatusCode == HttpStatusCode.TooManyRequests);
            var served = second.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests);
            Assert.True(served < 50, $"the second claimed address drew from the same bucket (answered {served} of 150 without 429)");
        }
        finally
        {
            first.Concat(second).ToList().ForEach(r => r.Dispose());
        }
    }
}
