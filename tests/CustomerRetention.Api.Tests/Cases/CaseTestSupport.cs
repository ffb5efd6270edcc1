using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Cases;

/// <summary>HTTP helpers of the case tests.</summary>
public static class CaseApi
{
    public static async Task<JsonObject> OpenCaseAsync(this HttpClient client, Guid customer, object? body = null)
    {
        using var response = await client.PostAsync($"/api/v1/customers/{customer}/cases", Requests.Json(body ?? new { channel = "email", category = "complaint", subject = "Parcel arrived damaged" }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"case not opened: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> PatchCaseAsync(this HttpClient client, JsonNode supportCase, object patch, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PatchAsync($"/api/v1/cases/{supportCase["id"]}", patch);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>POSTs a message; returns <c>{ message, case }</c>.</summary>
    public static async Task<JsonObject> MessageAsync(this HttpClient client, JsonNode supportCase, object message, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsync($"/api/v1/cases/{supportCase["id"]}/messages", Requests.Json(message));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetCaseAsync(this HttpClient client, JsonNode supportCase) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{supportCase["id"]}"))!;

    /// <summary>The customer's events of one type, oldest first.</summary>
    public static async Task<List<JsonObject>> CustomerEventsAsync(this HttpClient client, Guid customer, string type)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/events?customerId={customer}&types={type}&limit=200"))!;
        return page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }
}
