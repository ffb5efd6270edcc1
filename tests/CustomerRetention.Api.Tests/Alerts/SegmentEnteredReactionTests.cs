using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>The API with the segment-entered reaction running (the other test hosts leave it off).</summary>
public sealed class ReactingApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Alerts:ReactToRfmRuns", "true");
        builder.UseSetting("Jobs:Alerts:PollSeconds", "0.2");
    }
}

/// <summary>segment-entered reacts to an RFM run's success (SPEC §9.1) without being asked: one evaluation per enabled rule and run.</summary>
public sealed class SegmentEnteredReactionTests(ReactingApiFactory api) : IClassFixture<ReactingApiFactory>
{
    [Fact]
    public async Task A_succeeded_rfm_run_queues_an_evaluation_of_every_enabled_segment_entered_rule_at_its_asOf_once()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, AlertApi.Daily(AlertApi.At("2024-01-01T00:00:00Z"), 3));

        // Watch every segment the default map has, so that whichever the customer lands in fires (no previous run: it entered).
        var map = (await client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segment-map"))!["cells"]!.AsArray().Select(c => c!["segment"]!.GetValue<string>()).Distinct().ToArray();
        var rule = await client.NewRuleAsync("segment-entered", tag, new { segments = map });
        var disabled = await client.NewRuleAsync("segment-entered", AlertApi.NewTag());
        using (var off = await client.PatchAsync($"/api/v1/alert-rules/{disabled["id"]}", new { enabled = false }))
        {
            Assert.True(off.IsSuccessStatusCode);
        }

        await Task.Delay(500); // the reaction's cursor starts at the head of the log when it first runs
        var run = await client.RunAsync(new { asOf = "2025-06-30T00:00:00Z", policy = "quantile" });

        var alert = await WaitForAlertAsync(client, customer);
        Assert.Equal(run["id"]!.GetValue<Guid>(), alert["evidence"]!["rfmRunId"]!.GetValue<Guid>());
        var evaluation = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/alert-evaluations/{alert["evaluationId"]}"))!;
        Assert.Equal("rfm-run", evaluation["trigger"]!.GetValue<string>());
        Assert.Equal(run["id"]!.GetValue<Guid>(), evaluation["rfmRunId"]!.GetValue<Guid>());
        Assert.Equal(AlertApi.At("2025-06-30T00:00:00Z"), evaluation["asOf"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0L, await api.ScalarAsync<long>($"SELECT count(*) FROM alert_evaluations WHERE rule_id = '{disabled["id"]}'"));

        await Task.Delay(1000); // further polls find nothing new to react to
        Assert.Equal(1L, await api.ScalarAsync<long>($"SELECT count(*) FROM alert_evaluations WHERE rule_id = '{rule["id"]}'"));
        var requested = (await client.GetFromJsonAsync<JsonObject>("/api/v1/events?types=alert.evaluation-requested&limit=200"))!["items"]!.AsArray();
        Assert.Single(requested, e => e!["resource"]!["id"]!.GetValue<Guid>() == evaluation["id"]!.GetValue<Guid>());
    }

    private static async Task<JsonObject> WaitForAlertAsync(HttpClient client, Guid customer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if ((await client.AlertsOfAsync(customer)).SingleOrDefault() is { } alert)
            {
                return alert;
            }

            Assert.True(DateTime.UtcNow < deadline, "no alert after the run");
            await Task.Delay(100);
        }
    }
}
