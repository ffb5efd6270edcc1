using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Value;

/// <summary>One item of GET /api/v1/clv/models/{id}/customers.</summary>
public sealed record ClvCustomer(
    Guid CustomerId, int Frequency, int RecencyDays, int AgeDays, double PAlive, double ExpectedPurchases,
    decimal ExpectedAverageOrderValue, decimal Clv, string ChurnRisk);

/// <summary>HTTP helpers of the CLV tests: models started and awaited, predictions read back.</summary>
public static class ClvApi
{
    /// <summary>POST /api/v1/clv/models: asserts 202 with a Location naming the model and returns the queued model.</summary>
    public static async Task<JsonObject> StartModelAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsync("/api/v1/clv/models", Requests.Json(body));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"model not accepted: {(int)response.StatusCode} {json}");
        var model = JsonNode.Parse(json)!.AsObject();
        Assert.Equal($"/api/v1/clv/models/{model["id"]!.GetValue<Guid>()}", response.Headers.Location!.OriginalString);
        return model;
    }

    /// <summary>Polls GET /api/v1/clv/models/{id} until the model is succeeded or failed.</summary>
    public static async Task<JsonObject> WaitForModelAsync(this HttpClient client, Guid modelId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var model = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/clv/models/{modelId}"))!;
            var status = model["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                return model;
            }

            Assert.True(DateTime.UtcNow < deadline, $"model still {status}: {model.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Starts a model and waits until it has finished (succeeded or failed).</summary>
    public static async Task<JsonObject> FitAsync(this HttpClient client, object body) =>
        await client.WaitForModelAsync((await client.StartModelAsync(body))["id"]!.GetValue<Guid>());

    /// <summary>Every prediction of a model in the given sort, page by page; asserts full pages before the last and no duplicates.</summary>
    public static async Task<List<ClvCustomer>> AllCustomersAsync(this HttpClient client, Guid modelId, string? sort, int limit = 200)
    {
        var all = new List<ClvCustomer>();
        string? cursor = null;
        do
        {
            var uri = $"/api/v1/clv/models/{modelId}/customers?limit={limit}"
                + (sort is null ? string.Empty : $"&sort={Uri.EscapeDataString(sort)}")
                + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await client.GetAsync(uri);
            var json = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {json}");
            var page = JsonNode.Parse(json)!.AsObject();
            var items = page["items"]!.Deserialize<List<ClvCustomer>>(Requests.JsonOptions)!;
            all.AddRange(items);
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is not null)
            {
                Assert.Equal(limit, items.Count);
            }
        }
        while (cursor is not null);

        Assert.Equal(all.Count, all.Select(c => c.CustomerId).Distinct().Count());
        return all;
    }
}
