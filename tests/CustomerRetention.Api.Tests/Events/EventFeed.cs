using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Events;

/// <summary>A reader of <c>GET /api/v1/events</c> as an integrator would write one: page with <c>after</c> until caught up.</summary>
internal static class EventFeed
{
    /// <summary>The cursor of the feed's current end (reads and discards everything before it).</summary>
    public static async Task<string> HeadAsync(HttpClient client)
    {
        var (_, cursor) = await ReadAsync(client, null);
        return cursor;
    }

    /// <summary>Every event after <paramref name="after"/> (pages of <paramref name="limit"/>) and the cursor to poll with next.</summary>
    public static async Task<(List<JsonObject> Events, string Cursor)> ReadAsync(HttpClient client, string? after, string query = "", int limit = 1000)
    {
        var events = new List<JsonObject>();
        var cursor = after;
        while (true)
        {
            var page = await PageAsync(client, cursor, query, limit);
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            var next = page["nextCursor"]!.GetValue<string>();
            events.AddRange(items);
            if (items.Count < limit)
            {
                return (events, next);
            }

            cursor = next;
        }
    }

    public static async Task<JsonObject> PageAsync(HttpClient client, string? after, string query = "", int limit = 1000)
    {
        var uri = $"/api/v1/events?limit={limit}"
            + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))
            + (query.Length == 0 ? string.Empty : "&" + query);
        using var response = await client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {uri}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static string Type(this JsonObject e) => e["type"]!.GetValue<string>();

    public static Guid ResourceId(this JsonObject e) => e["resource"]!["id"]!.GetValue<Guid>();

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string uri, object body, string actor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = Support.Requests.Json(body) };
        request.Headers.Authorization = Support.TestCredentials.Bearer(actor);
        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> CreatedAsync(this Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static Task<JsonObject?> GetJsonAsync(HttpClient client, string uri) => client.GetFromJsonAsync<JsonObject>(uri);
}
