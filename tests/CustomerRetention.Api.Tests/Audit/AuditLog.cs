using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Audit;

/// <summary>A reader of <c>GET /api/v1/audit</c> and a writer that names its actor, as an admin tool and its users would.</summary>
internal static class AuditLog
{
    /// <summary>Every entry the filters select, newest first, following <c>nextCursor</c> in pages of <paramref name="limit"/>.</summary>
    public static Task<List<JsonObject>> ReadAsync(ApiClient api, string query = "", int limit = 200) =>
        api.AllPagesAsync($"/api/v1/audit?limit={limit}" + (query.Length == 0 ? string.Empty : "&" + query), limit);

    /// <summary>
    /// Sends a request as <paramref name="actor"/> (<c>user:&lt;id&gt;</c>: an admin user's bearer token
    /// with that <c>sub</c>), asserting success, and returns the JSON body (null for 204).
    /// </summary>
    public static async Task<JsonObject?> SendAsync(ApiClient api, HttpMethod method, string uri, object? body, string actor, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = Requests.Json(body, mediaType);
        }

        if (Keys.TryGetValue(actor, out var key))
        {
            request.Headers.Add("X-Api-Key", key);
        }
        else
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer", TestCredentials.Token("admin", Guid.Parse(actor["user:".Length..]), "Audit " + actor[^4..]));
        }

        using var response = await api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {uri}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject();
    }

    public static Task<JsonObject?> PatchAsync(ApiClient api, string uri, object body, string actor) =>
        SendAsync(api, HttpMethod.Patch, uri, body, actor, "application/merge-patch+json");

    public static string Action(this JsonObject entry) => entry["action"]!.GetValue<string>();

    public static string Actor(this JsonObject entry) => entry["actor"]!.GetValue<string>();

    public static (string Type, Guid Id) Resource(this JsonObject entry) =>
        (entry["resource"]!["type"]!.GetValue<string>(), entry["resource"]!["id"]!.GetValue<Guid>());

    /// <summary>The entry's changes by field: (old, new) as JSON text, <c>null</c> for JSON null.</summary>
    public static Dictionary<string, (string? Old, string? New)> Changes(this JsonObject entry) =>
        entry["changes"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(
            c => c["field"]!.GetValue<string>(),
            c => (c["old"]?.ToJsonString(), c["new"]?.ToJsonString()));

    /// <summary>The secrets of the keys <see cref="NewApiKeyAsync"/> issued, by actor.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Keys = new();

    /// <summary>A new integration key (issued by the admin of <paramref name="api"/>); returns its actor, <c>api-key:&lt;id&gt;</c>.</summary>
    public static async Task<string> NewApiKeyAsync(ApiClient api)
    {
        using var response = await api.Http.PostAsync("/api/v1/api-keys", Requests.Json(new { name = "Audit integration", role = "integration" }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        var actor = "api-key:" + body["id"]!.GetValue<Guid>();
        Keys[actor] = body["key"]!.GetValue<string>();
        return actor;
    }

    /// <summary>A fresh actor as authentication records one: a user of its own.</summary>
    public static string NewUser() => $"user:{Guid.NewGuid()}";
}
