using System.Net;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.BadInput;

/// <summary>Query strings, route values and headers are held to the same rules as bodies: a clear 400, nothing changed.</summary>
public sealed class QueryAndHeaderTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/api/v1/customers?q=ada%00", "q")]
    [InlineData("/api/v1/customers?tag=vip%01", "tag")]
    [InlineData("/api/v1/customers?q=%C2%85", "q")]
    [InlineData("/api/v1/customers?cursor=%00", "cursor")]
    [InlineData("/api/v1/rfm/segments/champ%01ions/customers", "segment")]
    public async Task A_control_character_in_a_query_or_route_value_is_a_400_naming_it(string uri, string parameter)
    {
        using var response = await _client.GetAsync(uri);
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal([parameter], problem.ErrorKeys());
    }

    [Fact]
    public async Task A_query_parameter_given_twice_is_refused()
    {
        using var response = await _client.GetAsync("/api/v1/customers?stage=interest&stage=decision");
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["stage"], problem.ErrorKeys());
    }

    [Fact]
    public async Task An_unknown_segment_filter_is_a_400_listing_the_known_segments()
    {
        using var response = await _client.GetAsync("/api/v1/customers?segment=bogus");
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["segment"], problem.ErrorKeys());
        var message = problem["errors"]!["segment"]![0]!.GetValue<string>();
        Assert.Contains("champions", message, StringComparison.Ordinal);
        Assert.Contains("cant-lose-them", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_segment_filter_is_accepted()
    {
        using var response = await _client.GetAsync("/api/v1/customers?segment=champions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_If_Match_is_a_400_and_changes_nothing()
    {
        // Sent over a real socket: the in-memory test server drops empty header values.
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada" });
        var before = await api.DatabaseFingerprintAsync();
        using var host = new KestrelHost(api);
        const string body = "{ \"name\": \"Grace\" }";
        var response = await host.SendRawAsync(
            $"PATCH /api/v1/customers/{customer["id"]} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nIf-Match: \r\n"
            + $"Authorization: Bearer {TestCredentials.Token()}\r\n"
            + $"Content-Type: application/merge-patch+json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
        Assert.Contains("If-Match", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("/api/v1/customers?limit=", "limit")]
    [InlineData("/api/v1/customers?ownerId=", "ownerId")]
    [InlineData("/api/v1/events?customerId=", "customerId")]
    [InlineData("/api/v1/rfm/segments?runId=", "runId")]
    public async Task A_typed_query_parameter_sent_empty_is_a_400_naming_it(string uri, string parameter)
    {
        using var response = await _client.GetAsync(uri);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(parameter, problem.ErrorKeys());
    }
}
