using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>The follow-up operations the tests share: runs, policies, tasks and hand-built customers.</summary>
internal static class FollowUpApi
{
    /// <summary>Queues a follow-up run for <paramref name="asOf"/> and returns it when it has ended (asserting it succeeded).</summary>
    public static async Task<JsonObject> RunFollowUpsAsync(this HttpClient client, string asOf)
    {
        var queued = await client.StartFollowUpsAsync(asOf);
        var run = await client.WaitForFollowUpsAsync(queued["id"]!.GetValue<Guid>());
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        return run;
    }

    public static async Task<JsonObject> StartFollowUpsAsync(this HttpClient client, string asOf)
    {
        using var response = await client.PostAsync("/api/v1/follow-up-runs", Requests.Json(new { asOf }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        Assert.Equal($"/api/v1/follow-up-runs/{JsonNode.Parse(body)!["id"]}", response.Headers.Location!.OriginalString);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> WaitForFollowUpsAsync(this HttpClient client, Guid id)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = JsonNode.Parse(await client.GetStringAsync($"/api/v1/follow-up-runs/{id}"))!.AsObject();
            if (run["status"]!.GetValue<string>() is "succeeded" or "failed")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Follow-up run {id} did not finish.");
    }

    /// <summary>Creates an enabled cadence policy for the customers tagged <paramref name="tag"/> (each test its own tag).</summary>
    public static async Task<JsonObject> CadencePolicyAsync(this HttpClient client, string tag, object tiers, object? touchTypes = null)
    {
        using var response = await client.PostAsync("/api/v1/cadence-policies", Requests.Json(new
        {
            name = $"Cadence {tag}",
            scope = new { tags = new[] { tag } },
            tiers,
            touchTypes,
            enabled = true,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>A customer created (as the database says) at <paramref name="createdAt"/>, with these tags and birthday.</summary>
    public static async Task<Guid> CustomerAsync(this ApiFactory api, string createdAt, string[]? tags = null, string? birthday = null, Guid? ownerId = null)
    {
        var client = api.CreateApiClient();
        var customer = await client.CreateCustomerAsync(new
        {
            type = "individual",
            name = "Follow-up customer",
            email = $"f.{Guid.NewGuid():N}@example.com",
            tags = tags ?? [],
            birthday,
            ownerId,
        });
        var id = customer["id"]!.GetValue<Guid>();
        await api.ExecuteAsync($"UPDATE customers SET created_at = '{createdAt}' WHERE id = '{id}'");
        return id;
    }

    /// <summary>Every task of a customer (open and closed), soonest due first.</summary>
    public static async Task<List<JsonObject>> TasksOfAsync(this HttpClient client, Guid customerId, string query = "") =>
        await new ApiClient(client).AllPagesAsync($"/api/v1/customers/{customerId}/tasks?limit=200{query}", 200);

    public static async Task TouchAsync(this HttpClient client, Guid customerId, string channel, string direction, string occurredAt) =>
        await new ApiClient(client).CreateInteractionAsync(customerId, new { channel, direction, type = "call", occurredAt });

    public static async Task<JsonObject> PutAsync(this HttpClient client, string uri, object body)
    {
        using var response = await client.PutAsync(uri, Requests.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static string? Text(this JsonNode? node, string member) => node?[member]?.GetValue<string>();
}
