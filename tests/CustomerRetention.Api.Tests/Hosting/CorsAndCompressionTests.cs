using System.Net;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>CORS for the origins of <c>Cors:Origins</c> and Brotli/gzip compression of JSON answers (ADR 16).</summary>
public sealed class CorsAndCompressionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Allowed = "https://app.example.com";

    private WebApplicationFactory<Program> Host(string? origins) =>
        api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Rfm:Worker", "false");
            builder.UseSetting("Clv:Worker", "false");
            if (origins is not null)
            {
                builder.UseSetting("Cors:Origins", origins);
            }
        });

    private static HttpRequestMessage Preflight(string origin, string method = "PATCH") =>
        new(HttpMethod.Options, "/api/v1/customers")
        {
            Headers =
            {
                { "Origin", origin },
                { "Access-Control-Request-Method", method },
                { "Access-Control-Request-Headers", "content-type, if-match" },
            },
        };

    [Fact]
    public async Task A_preflight_from_a_configured_origin_is_204_and_allows_it()
    {
        using var host = Host($"{Allowed}, http://localhost:3000");
        using var response = await host.CreateClient().SendAsync(Preflight(Allowed));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("PATCH", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        var allowedHeaders = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers"));
        Assert.Contains("if-match", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_request_from_a_configured_origin_may_read_ETag_Location_and_Retry_After()
    {
        using var host = Host(Allowed);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers")
        {
            Content = Requests.Json(new { type = "individual", name = "Cora Origin" }),
            Headers = { { "Origin", Allowed } },
        };
        using var response = await host.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers")).Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("ETag", exposed);
        Assert.Contains("Location", exposed);
        Assert.Contains("Retry-After", exposed);
    }

    [Fact]
    public async Task A_problem_answer_carries_the_CORS_headers_too()
    {
        using var host = Host(Allowed);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{Guid.CreateVersion7()}") { Headers = { { "Origin", Allowed } } };
        using var response = await host.CreateClient().SendAsync(request);
        await response.AssertProblemAsync(404);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Origins_may_be_given_as_an_array()
    {
        using var host = api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Rfm:Worker", "false");
            builder.UseSetting("Clv:Worker", "false");
            builder.UseSetting("Cors:Origins:0", "http://localhost:3000");
            builder.UseSetting("Cors:Origins:1", Allowed + "/");
        });
        using var response = await host.CreateClient().SendAsync(Preflight(Allowed, "GET"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Another_origin_gets_no_CORS_headers()
    {
        using var host = Host(Allowed);
        using var preflight = await host.CreateClient().SendAsync(Preflight("https://evil.example.net"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/customers") { Headers = { { "Origin", "https://evil.example.net" } } };
        using var response = await host.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Without_configured_origins_there_is_no_CORS()
    {
        using var host = Host(null);
        using var preflight = await host.CreateClient().SendAsync(Preflight(Allowed));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.NotEqual(HttpStatusCode.NoContent, preflight.StatusCode);
    }

    [Fact]
    public void A_configured_value_that_is_not_an_origin_stops_the_start_naming_the_setting()
    {
        using var host = Host("app.example.com/path");
        var error = Record.Exception(() => host.CreateClient());
        Assert.NotNull(error);
        Assert.Contains("Cors:Origins", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    public async Task A_JSON_list_is_compressed_as_the_client_accepts(string acceptEncoding, string expected)
    {
        using var host = Host(null);
        using var client = host.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            await client.CreateCustomerAsync(new { type = "individual", name = $"Compressible Customer {i}", email = $"compressible.{i}.{Guid.NewGuid():N}@example.com" });
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/customers?limit=20") { Headers = { { "Accept-Encoding", acceptEncoding } } };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();

        using var plain = await client.GetAsync("/api/v1/customers?limit=20");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.True(compressed.Length < (await plain.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Answers_that_are_not_JSON_are_not_compressed()
    {
        using var host = Host(null);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/index.html") { Headers = { { "Accept-Encoding", "br, gzip" } } };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);

        using var health = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { { "Accept-Encoding", "br, gzip" } } };
        using var live = await client.SendAsync(health);
        Assert.Empty(live.Content.Headers.ContentEncoding);
    }
}
