using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Surveys;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// The seeded <c>nps-detractor</c> rule, once enabled, watches the default scope (retention,
/// expansion, contraction) with maxScore 6. On a database of its own: enabling it watches every customer.
/// </summary>
public sealed class SeededNpsDetractorRuleTests(EventAlertApiFactory api) : IClassFixture<EventAlertApiFactory>
{
    private const string Seeded = "0193a000-0000-7000-8000-000000000006";

    [Fact]
    public async Task Enabled_the_seeded_rule_alerts_on_detractors_in_its_default_stages_only()
    {
        var client = api.CreateClient();
        var survey = await client.CreateSurveyAsync(name: "Quarterly NPS");
        var retained = await client.NewTaggedCustomerAsync(AlertApi.NewTag());
        var prospect = (await client.CreateCustomerAsync(new { type = "individual", name = "Prospect", lifecycleStage = "interest" }))["id"]!.GetValue<Guid>();

        // Disabled (as seeded): a detractor response opens nothing.
        await client.RespondAsync(retained, new { surveyId = survey["id"], score = 1 });
        await api.WaitForReactionAsync();
        Assert.Empty(await client.AlertsOfAsync(retained));

        using (var enabled = await client.PatchAsync($"/api/v1/alert-rules/{Seeded}", new { enabled = true }))
        {
            Assert.True(enabled.IsSuccessStatusCode, await enabled.Content.ReadAsStringAsync());
        }

        await client.RespondAsync(retained, new { surveyId = survey["id"], score = 6 });
        await client.RespondAsync(prospect, new { surveyId = survey["id"], score = 0 });
        var alert = Assert.Single(await client.WaitForAlertsAsync(retained, 1));
        Assert.Equal(Seeded, alert.Text("ruleId"));
        Assert.Equal("medium", alert.Text("severity"));
        Assert.Equal(2, alert["ruleVersion"]!.GetValue<int>());
        await api.WaitForReactionAsync();
        Assert.Empty(await client.AlertsOfAsync(prospect));
        var rule = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/alert-rules/{Seeded}"))!;
        Assert.Equal(6, rule["params"]!["maxScore"]!.GetValue<int>());
    }
}
