using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>
/// Requests the web server refuses before any application code runs (too long a request line,
/// too large headers, an encoded NUL in the path) get a problem body like every other error.
/// Only a real Kestrel socket shows this: the in-memory test server has no such limits.
/// </summary>
public sealed class ServerRejectionTests(ApiFactory api) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly KestrelHost _host = new(api);

    public void Dispose() => _host.Dispose();

    private Task<RawResponse> SendRawAsync(string request) => _host.SendRawAsync(request);

    private static void AssertProblem(RawResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
        Assert.Equal(Encoding.UTF8.GetByteCount(response.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers["Content-Length"]);
        var problem = JsonNode.Parse(response.Body)!.AsObject();
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        foreach (var member in new[] { "type", "title", "detail", "traceId" })
        {
            Assert.True(problem[member] is JsonValue, $"problem lacks '{member}': {response.Body}");
        }
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414_problem()
    {
        var response = await SendRawAsync($"GET /api/v1/customers?q={new string('a', 9000)} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        AssertProblem(response, 414);
    }

    [Fact]
    public async Task Headers_over_32_KiB_are_a_431_problem()
    {
        var response = await SendRawAsync($"GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('a', 40_000)}\r\n\r\n");
        AssertProblem(response, 431);
    }

    [Fact]
    public async Task More_than_100_headers_are_a_431_problem()
    {
        var headers = string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: {i}\r\n"));
        var response = await SendRawAsync($"GET /health/live HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n");
        AssertProblem(response, 431);
    }

    [Fact]
    public async Task An_encoded_NUL_in_the_path_is_a_400_problem()
    {
        var response = await SendRawAsync("GET /api/v1/customers/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        AssertProblem(response, 400);
    }

    [Fact]
    public async Task A_malformed_request_line_is_a_400_problem()
    {
        var response = await SendRawAsync("GET  HTTP/1.1\r\n\r\n");
        AssertProblem(response, 400);
    }

    [Fact]
    public async Task Ordinary_answers_pass_through_unchanged_on_the_same_server()
    {
        using var client = new HttpClient { BaseAddress = _host.Address }.As("admin");
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        using var missing = await client.GetAsync("/api/v1/customers/0199a1b2-0000-7000-8000-000000000000");
        var problem = await missing.AssertProblemAsync(404);
        Assert.Equal("/api/v1/customers/0199a1b2-0000-7000-8000-000000000000", problem["instance"]!.GetValue<string>());

        var page = await client.GetStringAsync("/api/v1/customers?limit=200");
        Assert.StartsWith("{\"items\":", page, StringComparison.Ordinal);
    }
}
