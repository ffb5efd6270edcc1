using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Segmentation;

public sealed class RfmRunLifecycleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_run_scores_customers_with_completed_orders_before_as_of()
    {
        var asOf = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 10; i++)
        {
            var c = await _client.CreateCustomerAsync(new { type = "individual", name = $"C{i}" });
            for (var k = 0; k <= i; k++)
            {
                using var o = await _client.PostAsJsonAsync($"/api/v1/customers/{c["id"]}/orders", new { orderedAt = asOf.AddDays(-(i * 3) - k).ToString("O"), amount = 10m * (i + 1) });
                Assert.Equal(HttpStatusCode.Created, o.StatusCode);
            }
        }

        using var start = await _client.PostAsJsonAsync("/api/v1/rfm/runs", new { asOf = asOf.ToString("O") });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!;
        JsonObject run;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            run = (await _client.GetFromJsonAsync<JsonObject>(location))!;
        }
        while (run["status"]!.GetValue<string>() is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        // C0's only order is exactly at asOf, and orders count only when orderedAt < asOf.
        Assert.Equal(9, run["scoredCustomers"]!.GetValue<int>());
        var segments = await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segments");
        Assert.Equal(9, segments!["segments"]!.AsArray().Sum(s => s!["customers"]!.GetValue<int>()));
        var migrations = await _client.GetAsync("/api/v1/rfm/migrations");
        Assert.Equal(HttpStatusCode.NotFound, migrations.StatusCode);
    }
}
