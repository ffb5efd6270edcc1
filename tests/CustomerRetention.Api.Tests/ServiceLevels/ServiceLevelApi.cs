using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.ServiceLevels;

/// <summary>The service-level operations the tests share.</summary>
internal static class ServiceLevelApi
{
    /// <summary>The seeded calendar and default policy (fixed ids in the migration).</summary>
    public const string SeededCalendarId = "0193a700-0000-7000-8000-0000000051a1";
    public const string DefaultPolicyId = "0193a700-0000-7000-8000-0000000051a2";

    public static readonly object[] Weekdays9To17 =
        new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(day => (object)new { day, start = "09:00", end = "17:00" }).ToArray();

    public static async Task<JsonObject> CreateCalendarAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsync("/api/v1/business-calendars", Requests.Json(body));
        var created = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal($"/api/v1/business-calendars/{created["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(created.Str("etag"), response.Headers.ETag!.ToString());
        return created;
    }

    public static async Task<JsonObject> CreatePolicyAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsync("/api/v1/sla-policies", Requests.Json(body));
        var created = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal($"/api/v1/sla-policies/{created["id"]}", response.Headers.Location!.OriginalString);
        return created;
    }

    public static async Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string uri, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = Requests.Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> DueAsync(this HttpClient client, string calendarId, string start, int minutes, string? mode = null)
    {
        using var response = await client.GetAsync($"/api/v1/business-calendars/{calendarId}/due?start={start}&minutes={minutes}" + (mode is null ? string.Empty : $"&mode={mode}"));
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    public static string? Str(this JsonNode? node, string member) => node?[member]?.GetValue<string>();

    /// <summary>A complete target list (first-response and resolution for every priority), as a default policy needs.</summary>
    public static object[] FullTargets(int firstResponse = 60, int resolution = 480) =>
        [.. new[] { "low", "normal", "high", "urgent" }.SelectMany(priority => new object[]
        {
            new { metric = "first-response", priority, minutes = firstResponse },
            new { metric = "resolution", priority, minutes = resolution },
        })];
}
