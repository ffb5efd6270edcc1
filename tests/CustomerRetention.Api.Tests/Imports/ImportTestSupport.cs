using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>Uploading a file to <c>POST /api/v1/imports</c> and waiting for its job.</summary>
internal static class ImportTestSupport
{
    public static HttpContent Csv(string csv) => new StringContent(csv, Encoding.UTF8, "text/csv");

    public static HttpContent Ndjson(string lines) => new StringContent(lines, Encoding.UTF8, "application/x-ndjson");

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, HttpContent content, string kind = "customers", string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports?kind={kind}") { Content = content };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    /// <summary>Uploads, asserts the 202 and its Location, and waits until the import has ended.</summary>
    public static async Task<JsonObject> ImportAsync(this HttpClient client, HttpContent content, string kind = "customers")
    {
        using var response = await client.UploadAsync(content, kind);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var queued = JsonNode.Parse(body)!.AsObject();
        var id = queued["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/imports/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", queued["status"]!.GetValue<string>());
        return await client.WaitForImportAsync(id);
    }

    public static async Task<JsonObject> WaitForImportAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var import = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/imports/{id}"))!;
            var status = import["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                return import;
            }

            Assert.True(DateTime.UtcNow < deadline, $"import still {status}: {import.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static long Count(this JsonObject import, string name) => import[name]!.GetValue<long>();

    /// <summary>Every error of an import, following nextCursor.</summary>
    public static async Task<List<JsonObject>> ErrorsAsync(this HttpClient client, Guid id)
    {
        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/imports/{id}/errors?limit=200" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            all.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return all;
    }
}
