using System.Net;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.OpenApi;

/// <summary>The document is generated per request; concurrent requests (several clients, Swagger UI and a generator) must all get it.</summary>
public sealed class ConcurrentDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Concurrent_requests_for_the_document_all_get_the_same_document()
    {
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient()).ToList();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await clients[i % clients.Count].GetAsync("/swagger/v1/swagger.json");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
    }
}
