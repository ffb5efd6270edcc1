using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Audit;

/// <summary>A reader of <c>GET /api/v1/audit</c> and a writer that names its actor, as an admin tool and its users would.</summary>
internal static class AuditLog
{
    /// <summary>Every entry the filters select, newest first, following <c>nextCursor</c> in pages of <paramref name="limit"/>.</summary>
    public static Task<List<JsonObject>> ReadAsync(ApiClient api, string query = "", int limit = 200) =>
        api.AllPagesAsync($"/api/v1/audit?limit={limit}" + (query.Length == 0 ? string.Empty : "&" + query), limit);

    /// <summary>Sends a request as <paramref name="actor"/> (the <c>X-Actor</c> header), asserting success, and returns the JSON body (null for 204).</summary>
    public static async Task<JsonObject?> SendAsync(ApiClient api, HttpMethod method, string uri, object? body, string actor, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = Requests.Json(body, mediaType);
        }

        request.Headers.Add("X-Actor", actor);
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

    /// <summary>A fresh actor as authentication will record one.</summary>
    public static string NewUser() => $"user:{Guid.NewGuid()}";
}
