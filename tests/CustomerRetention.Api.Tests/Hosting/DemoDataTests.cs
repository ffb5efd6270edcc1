using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>An API that starts with <c>Demo:Seed=true</c> on an empty database.</summary>
public sealed class DemoApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Seed", "true");
    }
}

/// <summary>
/// <c>Demo:Seed</c> (what <c>build/run.sh --demo</c> sets): the demo data set is loaded and the
/// start-up queues a first RFM run and CLV model, which succeed, so Swagger UI shows segments and
/// predictions right away.
/// </summary>
public sealed class DemoDataTests(DemoApiFactory api) : IClassFixture<DemoApiFactory>
{
    [Fact]
    public async Task Demo_start_up_ends_with_a_succeeded_RFM_run_and_a_CLV_model_with_finite_parameters()
    {
        using var client = api.CreateClient();
        Assert.Equal(3000L, await api.ScalarAsync<long>("SELECT count(*) FROM customers"));
        var repeatBuyers = await api.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT customer_id FROM orders WHERE status = 'completed' GROUP BY customer_id HAVING count(DISTINCT ordered_at::date) > 1) r");
        Assert.True(repeatBuyers > 500, $"only {repeatBuyers} repeat buyers");

        var models = (await client.GetFromJsonAsync<JsonObject>("/api/v1/clv/models"))!["items"]!.AsArray();
        var queued = Assert.Single(models)!;
        var model = await client.WaitForModelAsync(queued["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3));
        Assert.True(model["status"]!.GetValue<string>() == "succeeded", model.ToJsonString());
        foreach (var (part, names) in new[] { ("bgnbd", new[] { "r", "alpha", "a", "b" }), ("gammaGamma", new[] { "p", "q", "v" }) })
        {
            foreach (var name in names)
            {
                var value = model[part]![name]!.GetValue<double>();
                Assert.True(double.IsFinite(value) && value > 0, $"{part}.{name} = {value}: {model.ToJsonString()}");
            }
        }

        var predictions = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/clv/models/{queued["id"]}/customers?limit=5"))!["items"]!.AsArray();
        Assert.Equal(5, predictions.Count);

        var runs = (await client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/runs"))!["items"]!.AsArray();
        var run = Assert.Single(runs)!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string status;
        while ((status = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/runs/{run["id"]}"))!["status"]!.GetValue<string>()) is "queued" or "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "RFM run still " + status);
            await Task.Delay(100);
        }

        Assert.Equal("succeeded", status);

        // The VIP policy of the specification (§9.3): urgent cases of champions, first response in 5 calendar minutes, evaluated first.
        var policies = (await client.GetFromJsonAsync<JsonObject>("/api/v1/sla-policies"))!["items"]!.AsArray();
        var vip = policies[0]!;
        Assert.Equal("VIP urgent", vip["name"]!.GetValue<string>());
        Assert.Equal(1, vip["position"]!.GetValue<int>());
        Assert.Equal("calendar", vip["hoursMode"]!.GetValue<string>());
        Assert.Equal(["urgent"], vip["conditions"]!["priorities"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["champions"], vip["conditions"]!["segments"]!.AsArray().Select(p => p!.GetValue<string>()));
        var firstResponse = vip["targets"]!.AsArray().Single(t => t!["metric"]!.GetValue<string>() == "first-response")!;
        Assert.Equal(("urgent", 5), (firstResponse["priority"]!.GetValue<string>(), firstResponse["minutes"]!.GetValue<int>()));
        Assert.True(policies[^1]!["isDefault"]!.GetValue<bool>());
    }
}
