using System.Net;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.BadInput;

/// <summary>
/// The HTTP machinery that reads requests the platform's way: read-only members as each request
/// type declares them, framework binding failures named from the endpoint's parameters, and ETag
/// lists parsed as entity-tags (RFC 9110 §8.8.3).
/// </summary>
public sealed class BindingAndPreconditionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("limit=abc", "limit", "'abc' is not a valid integer.")]
    [InlineData("ownerId=42", "ownerId", "'42' is not a valid UUID.")]
    [InlineData("q=ada&limit=1.5", "limit", "'1.5' is not a valid integer.")]
    public async Task A_query_value_of_the_wrong_type_is_named_with_its_type(string query, string parameter, string message)
    {
        using var response = await _client.GetAsync("/api/v1/customers?" + query);
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal([parameter], problem.ErrorKeys());
        Assert.Equal(message, problem["errors"]![parameter]![0]!.GetValue<string>());
        Assert.Equal($"The parameter '{parameter}' could not be read.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_on_every_endpoint()
    {
        using var response = await _client.GetAsync("/api/v1/rfm/segments?runId=abc");
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal("'abc' is not a valid UUID.", problem["errors"]!["runId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_read_only_member_is_refused_with_the_reason_its_resource_declares()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada" });
        using var response = await _client.PostAsync($"/api/v1/customers/{customer["id"]}/orders", Requests.Json(new
        {
            orderedAt = "2025-01-01T00:00:00Z",
            amount = 10,
            customerId = Guid.CreateVersion7(),
        }));
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["customerId"], problem.ErrorKeys());
        Assert.StartsWith("'customerId' is read-only", problem["errors"]!["customerId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_read_only_on_one_resource_is_merely_unknown_on_another()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada" });
        using var response = await _client.PostAsync($"/api/v1/customers/{customer["id"]}/orders", Requests.Json(new
        {
            orderedAt = "2025-01-01T00:00:00Z",
            amount = 10,
            lifecycleStage = "retention",
        }));
        var problem = await response.AssertProblemAsync(400);
        Assert.StartsWith("Unknown property 'lifecycleStage'.", problem["errors"]!["lifecycleStage"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", HttpStatusCode.OK)]
    [InlineData("{0}", HttpStatusCode.OK)]
    [InlineData(" {0} ", HttpStatusCode.OK)]
    [InlineData("W/{0}", HttpStatusCode.PreconditionFailed)]
    [InlineData("{0}, {0}", HttpStatusCode.PreconditionFailed)]
    [InlineData("*, {0}", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"1,{1}\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("not-an-etag", HttpStatusCode.PreconditionFailed)]
    public async Task If_match_takes_one_strong_current_tag_or_a_star(string header, HttpStatusCode expected)
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada" });
        var uri = $"/api/v1/customers/{customer["id"]}";
        using var read = await _client.GetAsync(uri);
        var etag = read.Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Patch, uri) { Content = Requests.Json(new { name = "Grace" }, "application/merge-patch+json") };
        request.Headers.TryAddWithoutValidation("If-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, etag, etag.Trim('"')));
        using var response = await _client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("{0}", HttpStatusCode.NotModified)]
    [InlineData("W/{0}", HttpStatusCode.NotModified)]
    [InlineData("\"other\", {0}", HttpStatusCode.NotModified)]
    [InlineData("\"a,b\",{0}", HttpStatusCode.NotModified)]
    [InlineData("*", HttpStatusCode.NotModified)]
    [InlineData("\"other\"", HttpStatusCode.OK)]
    [InlineData("\"{1},x\"", HttpStatusCode.OK)]
    public async Task If_none_match_compares_each_listed_tag_weakly(string header, HttpStatusCode expected)
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada" });
        var uri = $"/api/v1/customers/{customer["id"]}";
        using var read = await _client.GetAsync(uri);
        var etag = read.Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, etag, etag.Trim('"')));
        using var response = await _client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }
}
