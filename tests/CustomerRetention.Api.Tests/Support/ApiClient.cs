using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// The one typed client of the API tests: a method per operation of the resources
/// (customers, interactions, orders, lifecycle, timeline, segment map). <c>Post…</c>,
/// <c>Patch…</c> and <c>Put…</c> return the raw response for tests that assert an error;
/// <c>Create…</c>, <c>Get…</c>, <c>List…</c> and <c>Transition…</c> assert success and return the
/// resource's JSON — the contract is the JSON names, so the tests read them as such.
/// </summary>
public sealed class ApiClient(HttpClient http)
{
    /// <summary>The underlying client, for requests no typed method covers.</summary>
    public HttpClient Http { get; } = http;

    // Customers

    public Task<HttpResponseMessage> PostCustomerAsync(object body) => Http.PostAsync("/api/v1/customers", Body(body));

    /// <summary>Creates a customer (asserting 201) and returns its JSON.</summary>
    public async Task<JsonObject> CreateCustomerAsync(object body)
    {
        using var response = await PostCustomerAsync(body);
        return await ExpectAsync(response, HttpStatusCode.Created, "create customer");
    }

    /// <summary>Creates an individual with a unique e-mail address and returns its id.</summary>
    public async Task<Guid> NewCustomerIdAsync(string name = "Ada Lovelace") =>
        (await CreateCustomerAsync(new { type = "individual", name, email = $"c.{Guid.NewGuid():N}@example.com" }))["id"]!.GetValue<Guid>();

    public Task<JsonObject> GetCustomerAsync(object id) => GetJsonAsync($"/api/v1/customers/{id}");

    public Task<HttpResponseMessage> PatchCustomerAsync(object id, object body, string? ifMatch = null, string mediaType = "application/merge-patch+json") =>
        PatchAsync($"/api/v1/customers/{id}", body, ifMatch, mediaType);

    public Task<JsonObject> ListCustomersAsync(string query) => GetJsonAsync("/api/v1/customers?" + query);

    // Interactions

    public Task<HttpResponseMessage> PostInteractionAsync(object customerId, object body) =>
        Http.PostAsync($"/api/v1/customers/{customerId}/interactions", Body(body));

    /// <summary>Records an interaction (asserting 201) and returns its JSON.</summary>
    public async Task<JsonObject> CreateInteractionAsync(object customerId, object body)
    {
        using var response = await PostInteractionAsync(customerId, body);
        return await ExpectAsync(response, HttpStatusCode.Created, "create interaction");
    }

    public Task<JsonObject> ListInteractionsAsync(object customerId, string query = "") => GetJsonAsync($"/api/v1/customers/{customerId}/interactions{query}");

    public Task<HttpResponseMessage> PatchInteractionAsync(object id, object body, string? ifMatch = null, string mediaType = "application/merge-patch+json") =>
        PatchAsync($"/api/v1/interactions/{id}", body, ifMatch, mediaType);

    // Orders

    public Task<HttpResponseMessage> PostOrderAsync(object customerId, object body) =>
        Http.PostAsync($"/api/v1/customers/{customerId}/orders", Body(body));

    /// <summary>Records an order (asserting 201) and returns its JSON.</summary>
    public async Task<JsonObject> CreateOrderAsync(object customerId, object body)
    {
        using var response = await PostOrderAsync(customerId, body);
        return await ExpectAsync(response, HttpStatusCode.Created, "create order");
    }

    public Task<JsonObject> GetOrderAsync(object id) => GetJsonAsync($"/api/v1/orders/{id}");

    public Task<JsonObject> ListOrdersAsync(object customerId, string query = "") => GetJsonAsync($"/api/v1/customers/{customerId}/orders{query}");

    public Task<HttpResponseMessage> PatchOrderAsync(object id, object body, string? ifMatch = null, string mediaType = "application/merge-patch+json") =>
        PatchAsync($"/api/v1/orders/{id}", body, ifMatch, mediaType);

    // Access

    /// <summary>Issues an API key (asserting 201) and returns the response, the key itself in <c>key</c>.</summary>
    public async Task<JsonObject> CreateApiKeyAsync(string name, string role, DateTimeOffset? expiresAt = null)
    {
        using var response = await Http.PostAsync("/api/v1/api-keys", Body(new { name, role, expiresAt }));
        return await ExpectAsync(response, HttpStatusCode.Created, "create API key");
    }

    // Lifecycle

    /// <summary>POSTs a stage transition, as the user named <paramref name="actor"/> when given (<see cref="TestCredentials.Bearer"/>).</summary>
    public Task<HttpResponseMessage> PostTransitionAsync(object customerId, object body, string? actor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{customerId}/lifecycle/transitions") { Content = Body(body) };
        if (actor is not null)
        {
            request.Headers.Authorization = TestCredentials.Bearer(actor);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Moves a customer to another stage (asserting 201) and returns the transition.</summary>
    public async Task<JsonObject> TransitionAsync(object customerId, object body, string? actor = null)
    {
        using var response = await PostTransitionAsync(customerId, body, actor);
        return await ExpectAsync(response, HttpStatusCode.Created, "transition");
    }

    /// <summary>The customer's stage history, newest first.</summary>
    public async Task<List<JsonObject>> TransitionHistoryAsync(object customerId) =>
        (await GetJsonAsync($"/api/v1/customers/{customerId}/lifecycle/transitions?limit=200"))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    // Timeline

    /// <summary>Every timeline item of a customer, read in pages of <paramref name="limit"/>.</summary>
    public Task<List<JsonObject>> TimelineAsync(object customerId, int limit) => AllPagesAsync($"/api/v1/customers/{customerId}/timeline?limit={limit}", limit);

    // Segment map

    public Task<HttpResponseMessage> PutSegmentMapAsync(object body) => Http.PutAsync("/api/v1/rfm/segment-map", Body(body));

    /// <summary>A PATCH with <c>If-Match</c> when given; a string body is sent as the JSON text it holds.</summary>
    public async Task<HttpResponseMessage> PatchAsync(string uri, object body, string? ifMatch = null, string mediaType = "application/merge-patch+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, uri) { Content = Body(body, mediaType) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await Http.SendAsync(request);
    }

    // Reading

    /// <summary>GETs a resource, asserting 200, and returns its JSON.</summary>
    public async Task<JsonObject> GetJsonAsync(string uri)
    {
        using var response = await Http.GetAsync(uri);
        return await ExpectAsync(response, HttpStatusCode.OK, "GET " + uri);
    }

    /// <summary>Follows <c>nextCursor</c> from <paramref name="uri"/> (which carries the limit) to the end; asserts every page holds at most <paramref name="limit"/> items.</summary>
    public async Task<List<JsonObject>> AllPagesAsync(string uri, int limit)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(uri + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            var pageItems = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            Assert.True(pageItems.Count <= limit);
            items.AddRange(pageItems);
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }

    // Batches (POST /api/v1/customers/batch, /api/v1/orders/batch)

    /// <summary>Posts <c>{ "items": … }</c> to a batch endpoint with the given Idempotency-Key (none when null).</summary>
    public Task<HttpResponseMessage> PostBatchAsync(string path, object items, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(items is string json ? json : new { items }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Runs a batch under a fresh key (asserting 200) and returns its results.</summary>
    public async Task<JsonArray> BatchAsync(string path, object items)
    {
        using var response = await PostBatchAsync(path, items, Guid.NewGuid().ToString());
        return (await ExpectAsync(response, HttpStatusCode.OK, "batch"))["results"]!.AsArray();
    }

    /// <summary>A request with a body of the given media type and no JSON in it (form-encoded by default).</summary>
    public Task<HttpResponseMessage> SendTextAsync(HttpMethod method, string uri, string text, string mediaType = "application/x-www-form-urlencoded")
    {
        var request = new HttpRequestMessage(method, uri) { Content = new StringContent(text, System.Text.Encoding.UTF8, mediaType) };
        return Http.SendAsync(request);
    }

    /// <summary>A JSON body: a string is sent as the JSON text it holds, anything else serialized.</summary>
    private static StringContent Body(object body, string mediaType = "application/json") =>
        body is string json ? Requests.Json(json, mediaType) : Requests.Json(body, mediaType);

    private static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what} failed: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!.AsObject();
    }
}
