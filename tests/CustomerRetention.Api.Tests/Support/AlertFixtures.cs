using System.Net;
using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>Alert rules and alerts for the cross-cutting suites (the resource contract, the access matrix), made through the API.</summary>
public static class AlertFixtures
{
    /// <summary>An enabled frequency-drop rule over customers with a tag of its own (so it matches nobody unless told), as the caller.</summary>
    public static async Task<Guid> NewRuleAsync(HttpClient http)
    {
        var tag = "fx" + Guid.NewGuid().ToString("N")[..12];
        using var response = await http.PostAsync("/api/v1/alert-rules", Requests.Json(new
        {
            key = $"fixture-{tag}",
            name = "Fixture rule",
            kind = "frequency-drop",
            scope = new { stages = Array.Empty<string>(), tags = new[] { tag } },
            enabled = true,
        }));
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return body["id"]!.GetValue<Guid>();
    }

    /// <summary>
    /// An open alert, opened by a real evaluation: a customer (owned by <paramref name="ownerId"/>)
    /// whose two orders in the previous 90-day window before 2025-06-30 are followed by none, and a
    /// rule scoped to it, evaluated at that asOf.
    /// </summary>
    public static async Task<(Guid Alert, Guid Customer)> NewOpenAlertAsync(HttpClient http, Guid? ownerId = null)
    {
        var tag = "fx" + Guid.NewGuid().ToString("N")[..12];
        var customer = await new ApiClient(http).CreateCustomerAsync(new
        {
            type = "individual",
            name = "Fixture customer",
            tags = new[] { tag },
            ownerId,
            lifecycleStage = "retention",
            stageEnteredAt = "2020-01-01T00:00:00Z",
        });
        var id = customer["id"]!.GetValue<Guid>();
        foreach (var at in new[] { "2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z" })
        {
            using var order = await http.PostAsync($"/api/v1/customers/{id}/orders", Requests.Json(new { orderedAt = at, amount = 10 }));
            Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        }

        using var created = await http.PostAsync("/api/v1/alert-rules", Requests.Json(new
        {
            key = $"fixture-{tag}",
            name = "Fixture rule",
            kind = "frequency-drop",
            scope = new { stages = Array.Empty<string>(), tags = new[] { tag } },
            enabled = true,
        }));
        var rule = await created.ReadObjectAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, rule.ToJsonString());
        using var started = await http.PostAsync($"/api/v1/alert-rules/{rule["id"]}/evaluations", Requests.Json(new { asOf = "2025-06-30T00:00:00Z" }));
        var evaluation = await started.ReadObjectAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, evaluation.ToJsonString());
        for (var i = 0; i < 600; i++)
        {
            var state = JsonNode.Parse(await http.GetStringAsync($"/api/v1/alert-evaluations/{evaluation["id"]}"))!;
            if (state["status"]!.GetValue<string>() == "succeeded")
            {
                var alerts = JsonNode.Parse(await http.GetStringAsync($"/api/v1/customers/{id}/alerts"))!["items"]!.AsArray();
                return (Assert.Single(alerts)!["id"]!.GetValue<Guid>(), id);
            }

            Assert.NotEqual("failed", state["status"]!.GetValue<string>());
            await Task.Delay(50);
        }

        throw new TimeoutException("The fixture's evaluation did not finish.");
    }
}
