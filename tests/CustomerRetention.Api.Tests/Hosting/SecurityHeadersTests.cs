using System.Net;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>Security headers on every response (ADR 18), and rate-limit headers only when limits are on.</summary>
public sealed class SecurityHeadersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/api/v1/customers", HttpStatusCode.OK)]
    [InlineData("/api/v1/customers/not-a-uuid", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/customers?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    [InlineData("/nowhere", HttpStatusCode.NotFound)]
    public async Task Every_answer_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
        Assert.False(response.Headers.Contains("RateLimit-Limit"), "rate limits are off in this host, so no rate-limit headers");
    }

    [Fact]
    public async Task Swagger_ui_may_load_its_own_scripts_and_styles_and_nothing_else()
    {
        using var response = await _client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Single(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", policy, StringComparison.Ordinal);
    }

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri}");
}
