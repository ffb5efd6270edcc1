using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Idempotency;

/// <summary>Repeats that arrive together, over a real Kestrel socket: one resource, the rest wait or replay.</summary>
public sealed class IdempotencyConcurrencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Ten_identical_requests_at_once_create_one_customer()
    {
        using var host = new KestrelHost(api);
        using var client = KestrelHosting.CreateSocketClient(host.Address);
        var key = IdempotencyKeyTests.NewKey();
        var body = new { type = "individual", name = "Ten at once " + key };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => IdempotencyKeyTests.PostAsync(client, "/api/v1/customers", body, key)));
        try
        {
            var created = new List<string>();
            foreach (var response in responses)
            {
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    created.Add(await response.Content.ReadAsStringAsync());
                    continue;
                }

                var problem = await response.AssertProblemAsync(409);
                Assert.Equal("idempotency-key-in-use", problem["code"]!.GetValue<string>());
                Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
            }

            Assert.NotEmpty(created);
            Assert.Single(created.Distinct());
            Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE name = 'Ten at once {key}'"));

            using var afterwards = await IdempotencyKeyTests.PostAsync(client, "/api/v1/customers", body, key);
            Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
            Assert.Equal(created[0], await afterwards.Content.ReadAsStringAsync());
            Assert.Equal(JsonNode.Parse(created[0])!["id"]!.GetValue<Guid>(), JsonNode.Parse(await afterwards.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_empty_key_is_400_naming_the_header()
    {
        using var host = new KestrelHost(api);
        var raw = await host.SendRawAsync(
            "POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nIdempotency-Key: \r\n"
            + $"Authorization: Bearer {TestCredentials.Token("admin", TestCredentials.AdminId, "Test Admin")}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");

        Assert.Equal(400, raw.Status);
        Assert.Contains("\"Idempotency-Key\"", raw.Body, StringComparison.Ordinal);
    }
}
