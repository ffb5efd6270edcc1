using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// HTTP helpers of the alert tests. Each test scopes its own rule to a tag only its customers
/// carry, so the tests of a class share a database without seeing each other's customers.
/// </summary>
public static class AlertApi
{
    /// <summary>A tag no other test uses.</summary>
    public static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A customer with <paramref name="tag"/> (and owner), in retention since 2020 (so it is in the default scope at any asOf used here).</summary>
    public static async Task<Guid> NewTaggedCustomerAsync(this HttpClient client, string tag, string name = "Grace Hopper", Guid? ownerId = null)
    {
        var customer = await client.CreateCustomerAsync(new { type = "individual", name, tags = new[] { tag }, lifecycleStage = "retention", stageEnteredAt = "2020-01-01T00:00:00Z", ownerId });
        return customer["id"]!.GetValue<Guid>();
    }

    /// <summary>Completed orders of 10.00 at each instant.</summary>
    public static async Task OrdersAsync(this HttpClient client, Guid customer, params DateTimeOffset[] at)
    {
        foreach (var instant in at)
        {
            await client.AddOrderAsync(customer, instant, 10m);
        }
    }

    /// <summary><paramref name="count"/> orders spread evenly (one day apart from <paramref name="first"/>).</summary>
    public static DateTimeOffset[] Daily(DateTimeOffset first, int count) => Enumerable.Range(0, count).Select(i => first.AddDays(i)).ToArray();

    /// <summary>Creates an enabled rule scoped to <paramref name="tag"/> (any stage) and returns it.</summary>
    public static async Task<JsonObject> NewRuleAsync(this HttpClient client, string kind, string tag, object? parameters = null, object? severity = null, int? cooldownDays = null, bool? autoResolve = null, object? actionsOnOpen = null)
    {
        var body = new JsonObject
        {
            ["key"] = $"{kind}-{tag}",
            ["name"] = $"{kind} for {tag}",
            ["kind"] = kind,
            ["scope"] = new JsonObject { ["stages"] = new JsonArray(), ["tags"] = new JsonArray(tag) },
            ["enabled"] = true,
        };
        if (parameters is not null)
        {
            body["params"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(parameters, Requests.JsonOptions));
        }

        if (severity is not null)
        {
            body["severity"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(severity, Requests.JsonOptions));
        }

        if (cooldownDays is { } days)
        {
            body["cooldownDays"] = days;
        }

        if (autoResolve is { } resolve)
        {
            body["autoResolve"] = resolve;
        }

        if (actionsOnOpen is not null)
        {
            body["actionsOnOpen"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(actionsOnOpen, Requests.JsonOptions));
        }

        using var response = await client.PostAsync("/api/v1/alert-rules", Requests.Json(body.ToJsonString()));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"rule not created: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>POST …/evaluations at asOf, waits for the job and asserts it succeeded; returns the evaluation.</summary>
    public static async Task<JsonObject> EvaluateAsync(this HttpClient client, JsonObject rule, DateTimeOffset asOf)
    {
        using var response = await client.PostAsync($"/api/v1/alert-rules/{rule["id"]}/evaluations", Requests.Json(new { asOf = RfmApi.Utc(asOf) }));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"evaluation not accepted: {(int)response.StatusCode} {json}");
        var queued = JsonNode.Parse(json)!.AsObject();
        Assert.Equal($"/api/v1/alert-evaluations/{queued["id"]}", response.Headers.Location!.OriginalString);
        var evaluation = await client.WaitForEvaluationAsync(queued["id"]!.GetValue<Guid>());
        Assert.True(evaluation["status"]!.GetValue<string>() == "succeeded", evaluation.ToJsonString());
        return evaluation;
    }

    public static async Task<JsonObject> WaitForEvaluationAsync(this HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var evaluation = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/alert-evaluations/{id}"))!;
            var status = evaluation["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                return evaluation;
            }

            Assert.True(DateTime.UtcNow < deadline, $"evaluation still {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every alert of a customer (all statuses), newest first.</summary>
    public static async Task<List<JsonObject>> AlertsOfAsync(this HttpClient client, Guid customer, string query = "")
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/alerts?limit=200{query}"))!;
        return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    /// <summary>The customer's one alert (asserts there is exactly one).</summary>
    public static async Task<JsonObject> OnlyAlertAsync(this HttpClient client, Guid customer) => Assert.Single(await client.AlertsOfAsync(customer));

    public static int Figure(this JsonObject evaluation, string name) => evaluation["figures"]![name]!.GetValue<int>();

    public static int NotEvaluable(this JsonObject evaluation, string reason) =>
        evaluation["figures"]!["notEvaluable"]![reason]?.GetValue<int>() ?? 0;

    public static async Task<JsonObject> PostAlertActionAsync(this HttpClient client, JsonNode alert, string action, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsync($"/api/v1/alerts/{alert["id"]}/{action}", Requests.Json(body));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!.AsObject();
    }
}
