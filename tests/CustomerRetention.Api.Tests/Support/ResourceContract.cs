using System.Text.Json.Nodes;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// One writable operation as the resource contract sees it: where to send a body that would
/// succeed (set up by <see cref="PrepareAsync"/>, which creates whatever the request needs), a
/// member the request type declares read-only, and a URI whose parent does not exist.
/// </summary>
/// <param name="Name">How the theories name the operation, e.g. <c>PATCH /orders/{id}</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PrepareAsync">Creates what the request needs and returns its URI and a body that would succeed.</param>
/// <param name="ReadOnlyMember">A member the request type declares read-only, or null where it declares none.</param>
/// <param name="MissingParentUri">The operation's URI under a parent (or resource) that does not exist, or null where there is none.</param>
/// <param name="RequiresIdempotencyKey">
/// The operation refuses a request without <c>Idempotency-Key</c> (the batches): each request then
/// carries a fresh key, and the key's stored answer (ADR 20) is the one row a refusal may write.
/// </param>
public sealed record WritableOperation(
    string Name,
    HttpMethod Method,
    Func<ApiClient, Task<(string Uri, JsonObject Body)>> PrepareAsync,
    string? ReadOnlyMember,
    Func<string>? MissingParentUri,
    bool RequiresIdempotencyKey = false)
{
    /// <summary>The media type a well-formed request uses (merge-patch for PATCH).</summary>
    public string MediaType => Method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json";

    public override string ToString() => Name;
}

/// <summary>
/// The checks every writable resource gets (API.md §1), expressed once: an unknown member and a
/// read-only member are a 400 naming them, another media type is a 415, a missing parent is a
/// 404, and none of them changes a row of any table (<see cref="DatabaseFingerprint"/>). The
/// theories in <c>BuildingBlocks/ResourceContractTests</c> apply them to every operation listed here.
/// </summary>
public static class ResourceContract
{
    private const string Interaction = """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""";
    private const string Order = """{"orderedAt":"2025-01-01T00:00:00Z","amount":10}""";
    private const string TaskBody = """{"type":"call","subject":"Call back","dueDate":"2025-01-02"}""";
    private const string CadenceBody = """{"name":"Contract kit","tiers":[{"name":"all","intervalDays":30}]}""";
    private const string SurveyBody = """{"type":"nps","name":"Contract kit","question":"Recommend us?","status":"active"}""";

    private const string CalendarBody = """{"name":"Contract kit","timeZone":"Europe/Berlin","weekly":[{"day":"monday","start":"09:00","end":"17:00"}]}""";

    private const string SlaPolicyBody = """{"name":"Contract kit","hoursMode":"calendar","targets":[{"metric":"first-response","priority":"high","minutes":30}]}""";

    /// <summary>Every writable operation of the resources, by name.</summary>
    public static IReadOnlyDictionary<string, WritableOperation> Operations { get; } = new WritableOperation[]
    {
        new("POST /customers", HttpMethod.Post, _ => Ready("/api/v1/customers", """{"type":"individual","name":"Ada"}"""), "id", null),
        new("PATCH /customers/{id}", HttpMethod.Patch, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}", Parse("""{"name":"Grace"}""")), "createdAt", () => $"/api/v1/customers/{Guid.CreateVersion7()}"),
        new("POST /customers/{id}/interactions", HttpMethod.Post, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}/interactions", Parse(Interaction)), "id", () => $"/api/v1/customers/{Guid.CreateVersion7()}/interactions"),
        new("PATCH /interactions/{id}", HttpMethod.Patch, async api =>
        {
            var interaction = await api.CreateInteractionAsync(await api.NewCustomerIdAsync(), Interaction);
            return ($"/api/v1/interactions/{interaction["id"]}", Parse("""{"subject":"Follow-up"}"""));
        }, "id", () => $"/api/v1/interactions/{Guid.CreateVersion7()}"),
        new("POST /customers/{id}/orders", HttpMethod.Post, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}/orders", Parse(Order)), "id", () => $"/api/v1/customers/{Guid.CreateVersion7()}/orders"),
        new("PATCH /orders/{id}", HttpMethod.Patch, async api =>
        {
            var order = await api.CreateOrderAsync(await api.NewCustomerIdAsync(), Order);
            return ($"/api/v1/orders/{order["id"]}", Parse("""{"notes":"Gift wrap"}"""));
        }, "id", () => $"/api/v1/orders/{Guid.CreateVersion7()}"),
        new("POST /customers/{id}/lifecycle/transitions", HttpMethod.Post, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}/lifecycle/transitions", Parse("""{"toStage":"interest"}""")), "fromStage", () => $"/api/v1/customers/{Guid.CreateVersion7()}/lifecycle/transitions"),
        new("POST /rfm/runs", HttpMethod.Post, _ => Ready("/api/v1/rfm/runs", """{"asOf":"2025-01-01T00:00:00Z","policy":"quantile"}"""), "status", null),
        new("POST /clv/models", HttpMethod.Post, _ => Ready("/api/v1/clv/models", """{"calibrationEnd":"2025-01-01","horizonDays":365}"""), "status", null),
        new("POST /api-keys", HttpMethod.Post, _ => Ready("/api/v1/api-keys", """{"name":"Warehouse sync","role":"integration"}"""), "id", null),
        new("POST /customers/batch", HttpMethod.Post, _ => Ready("/api/v1/customers/batch", """{"items":[{"externalId":"contract-kit","type":"individual","name":"Ada"}]}"""), null, null, RequiresIdempotencyKey: true),
        new("POST /orders/batch", HttpMethod.Post, async api =>
        {
            var key = $"kit-{Guid.NewGuid():N}";
            await api.CreateCustomerAsync(new { externalId = key, type = "individual", name = "Kit" });
            return ("/api/v1/orders/batch", Parse($$"""{"items":[{"externalId":"{{key}}-o","customerExternalId":"{{key}}","orderedAt":"2025-01-01T00:00:00Z","amount":10}]}"""));
        }, null, null, RequiresIdempotencyKey: true),
        new("POST /webhooks", HttpMethod.Post, _ => Ready("/api/v1/webhooks", """{"url":"https://hooks.example.com/contract","eventTypes":["customer.*"]}"""), "secret", null),
        new("PATCH /webhooks/{id}", HttpMethod.Patch, async api =>
        {
            using var created = await api.Http.PostAsync("/api/v1/webhooks", Requests.Json("""{"url":"https://hooks.example.com/contract","eventTypes":["*"]}"""));
            var webhook = await created.ReadObjectAsync();
            return ($"/api/v1/webhooks/{webhook["id"]}", Parse("""{"enabled":false}"""));
        }, "disabledReason", () => $"/api/v1/webhooks/{Guid.CreateVersion7()}"),
        new("POST /alert-rules", HttpMethod.Post, _ => Ready("/api/v1/alert-rules", """{"key":"contract-kit","name":"Contract","kind":"overdue"}"""), "id", null),
        new("PATCH /alert-rules/{id}", HttpMethod.Patch, async api => ($"/api/v1/alert-rules/{await AlertFixtures.NewRuleAsync(api.Http)}", Parse("""{"name":"Renamed"}""")), "version", () => $"/api/v1/alert-rules/{Guid.CreateVersion7()}"),
        new("POST /alert-rules/{id}/evaluations", HttpMethod.Post, async api => ($"/api/v1/alert-rules/{await AlertFixtures.NewRuleAsync(api.Http)}/evaluations", Parse("""{"asOf":"2025-06-30T00:00:00Z"}""")), "status", () => $"/api/v1/alert-rules/{Guid.CreateVersion7()}/evaluations"),
        new("POST /alert-rules/{id}/dry-run", HttpMethod.Post, async api => ($"/api/v1/alert-rules/{await AlertFixtures.NewRuleAsync(api.Http)}/dry-run", Parse("""{"asOf":"2025-06-30T00:00:00Z"}""")), null, () => $"/api/v1/alert-rules/{Guid.CreateVersion7()}/dry-run"),
        new("POST /alert-rules/dry-run", HttpMethod.Post, _ => Ready("/api/v1/alert-rules/dry-run", """{"rule":{"name":"Draft","kind":"overdue"}}"""), null, null),
        new("PATCH /alerts/{id}", HttpMethod.Patch, async api => ($"/api/v1/alerts/{(await AlertFixtures.NewOpenAlertAsync(api.Http)).Alert}", Parse("""{"assigneeId":null}""")), "status", () => $"/api/v1/alerts/{Guid.CreateVersion7()}"),
        AlertAction("acknowledgement", """{"note":"on it"}"""),
        AlertAction("snooze", """{"until":"2030-01-01T00:00:00Z"}"""),
        AlertAction("resolution", """{"outcome":"retained"}"""),
        AlertAction("dismissal", """{"note":"not worth it"}"""),
        new("POST /customers/{id}/tasks", HttpMethod.Post, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}/tasks", Parse(TaskBody)), "status", () => $"/api/v1/customers/{Guid.CreateVersion7()}/tasks"),
        new("PATCH /tasks/{id}", HttpMethod.Patch, async api => ($"/api/v1/tasks/{await NewTaskAsync(api)}", Parse("""{"priority":"high"}""")), "id", () => $"/api/v1/tasks/{Guid.CreateVersion7()}"),
        new("POST /tasks/{id}/completion", HttpMethod.Post, async api => ($"/api/v1/tasks/{await NewTaskAsync(api)}/completion", Parse("""{"outcome":"reached"}""")), "completedAt", () => $"/api/v1/tasks/{Guid.CreateVersion7()}/completion"),
        new("POST /cadence-policies", HttpMethod.Post, _ => Ready("/api/v1/cadence-policies", CadenceBody), "version", null),
        new("PATCH /cadence-policies/{id}", HttpMethod.Patch, async api =>
        {
            using var created = await api.Http.PostAsync("/api/v1/cadence-policies", Requests.Json(CadenceBody));
            return ($"/api/v1/cadence-policies/{(await created.ReadObjectAsync())["id"]}", Parse("""{"enabled":true}"""));
        }, "id", () => $"/api/v1/cadence-policies/{Guid.CreateVersion7()}"),
        new("PUT /reminder-policies/birthday", HttpMethod.Put, _ => Ready("/api/v1/reminder-policies/birthday", """{"leadDays":5}"""), null, null),
        new("PUT /reminder-policies/post-purchase", HttpMethod.Put, _ => Ready("/api/v1/reminder-policies/post-purchase", """{"delayDays":10}"""), null, null),
        new("POST /follow-up-runs", HttpMethod.Post, _ => Ready("/api/v1/follow-up-runs", """{"asOf":"2025-01-01"}"""), "status", null),
        new("POST /customers/{id}/cases", HttpMethod.Post, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}/cases", Parse(CaseBody)), "number", () => $"/api/v1/customers/{Guid.CreateVersion7()}/cases"),
        new("PATCH /cases/{id}", HttpMethod.Patch, async api => ($"/api/v1/cases/{await NewCaseAsync(api)}", Parse("""{"priority":"high"}""")), "reopenCount", () => $"/api/v1/cases/{Guid.CreateVersion7()}"),
        new("POST /cases/{id}/messages", HttpMethod.Post, async api => ($"/api/v1/cases/{await NewCaseAsync(api)}/messages", Parse("""{"direction":"outbound","body":"On it."}""")), null, () => $"/api/v1/cases/{Guid.CreateVersion7()}/messages"),
        new("POST /business-calendars", HttpMethod.Post, _ => Ready("/api/v1/business-calendars", CalendarBody), "version", null),
        new("PUT /business-calendars/{id}", HttpMethod.Put, async api =>
        {
            using var created = await api.Http.PostAsync("/api/v1/business-calendars", Requests.Json(CalendarBody));
            return ($"/api/v1/business-calendars/{(await created.ReadObjectAsync())["id"]}", Parse(CalendarBody));
        }, "id", () => $"/api/v1/business-calendars/{Guid.CreateVersion7()}"),
        new("POST /sla-policies", HttpMethod.Post, _ => Ready("/api/v1/sla-policies", SlaPolicyBody), "version", null),
        new("PUT /sla-policies/{id}", HttpMethod.Put, async api =>
        {
            using var created = await api.Http.PostAsync("/api/v1/sla-policies", Requests.Json(SlaPolicyBody));
            return ($"/api/v1/sla-policies/{(await created.ReadObjectAsync())["id"]}", Parse(SlaPolicyBody));
        }, "id", () => $"/api/v1/sla-policies/{Guid.CreateVersion7()}"),
        new("POST /surveys", HttpMethod.Post, _ => Ready("/api/v1/surveys", SurveyBody), "version", null),
        new("PATCH /surveys/{id}", HttpMethod.Patch, async api => ($"/api/v1/surveys/{await NewSurveyAsync(api)}", Parse("""{"throttleDays":7}""")), "createdAt", () => $"/api/v1/surveys/{Guid.CreateVersion7()}"),
        new("POST /surveys/{id}/sends", HttpMethod.Post, async api => ($"/api/v1/surveys/{await NewSurveyAsync(api)}/sends", Parse($$"""{"customerId":"{{await api.NewCustomerIdAsync()}}","channel":"email"}""")), "status", () => $"/api/v1/surveys/{Guid.CreateVersion7()}/sends"),
        new("POST /customers/{id}/survey-responses", HttpMethod.Post, async api => ($"/api/v1/customers/{await api.NewCustomerIdAsync()}/survey-responses", Parse($$"""{"surveyId":"{{await NewSurveyAsync(api)}}","score":9}""")), "snapshot", () => $"/api/v1/customers/{Guid.CreateVersion7()}/survey-responses"),
        new("POST /public/survey-responses/{token}", HttpMethod.Post, async api => ($"/api/v1/public/survey-responses/{await NewSurveyTokenAsync(api)}", Parse("""{"score":9}""")), null, () => "/api/v1/public/survey-responses/svy_no-such-token"),
        new("PUT /rfm/segment-map", HttpMethod.Put, async api => ("/api/v1/rfm/segment-map", await api.GetJsonAsync("/api/v1/rfm/segment-map")), null, null),
    }.ToDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>An action on a fresh open alert.</summary>
    private static WritableOperation AlertAction(string action, string body) =>
        new($"POST /alerts/{{id}}/{action}", HttpMethod.Post, async api => ($"/api/v1/alerts/{(await AlertFixtures.NewOpenAlertAsync(api.Http)).Alert}/{action}", Parse(body)), null, () => $"/api/v1/alerts/{Guid.CreateVersion7()}/{action}");

    /// <summary>Every operation's name (for the theories).</summary>
    public static TheoryData<string> All() => Names(_ => true);

    /// <summary>The operations whose request type declares a read-only member.</summary>
    public static TheoryData<string> WithReadOnlyMembers() => Names(o => o.ReadOnlyMember is not null);

    /// <summary>The operations that act on a parent (or resource) that might not exist.</summary>
    public static TheoryData<string> WithParents() => Names(o => o.MissingParentUri is not null);

    /// <summary>An unknown member next to valid ones: 400 naming exactly it, as unknown; nothing changed.</summary>
    public static async Task UnknownMemberIsRefusedAsync(ApiFactory factory, WritableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(operation);
        var api = factory.CreateApiClient();
        var (uri, body) = await operation.PrepareAsync(api);
        body["surplus"] = 1;
        var problem = await RefusedAsync(factory, api, operation, uri, Requests.Json(body.ToJsonString(), operation.MediaType), 400);
        Assert.Equal(["surplus"], problem.ErrorKeys());
        Assert.StartsWith("Unknown property 'surplus'.", problem["errors"]!["surplus"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A read-only member next to valid ones: 400 naming exactly it, as read-only; nothing changed.</summary>
    public static async Task ReadOnlyMemberIsRefusedAsync(ApiFactory factory, WritableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(operation);
        var member = operation.ReadOnlyMember ?? throw new ArgumentException($"{operation} declares no read-only member.", nameof(operation));
        var api = factory.CreateApiClient();
        var (uri, body) = await operation.PrepareAsync(api);
        body[member] = "2025-01-01T00:00:00Z";
        var problem = await RefusedAsync(factory, api, operation, uri, Requests.Json(body.ToJsonString(), operation.MediaType), 400);
        Assert.Equal([member], problem.ErrorKeys());
        Assert.StartsWith($"'{member}' is read-only", problem["errors"]![member]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A body in another media type (form-encoded): 415; nothing changed.</summary>
    public static async Task AnotherMediaTypeIsRefusedAsync(ApiFactory factory, WritableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(operation);
        var api = factory.CreateApiClient();
        var (uri, body) = await operation.PrepareAsync(api);
        var form = string.Join('&', body.Where(m => m.Value is JsonValue).Select(m => $"{m.Key}={Uri.EscapeDataString(m.Value!.ToString())}"));
        await RefusedAsync(factory, api, operation, uri, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), 415);
    }

    /// <summary>A valid body under a parent that does not exist: 404; nothing changed.</summary>
    public static async Task MissingParentIsNotFoundAsync(ApiFactory factory, WritableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(operation);
        var missing = operation.MissingParentUri ?? throw new ArgumentException($"{operation} has no parent.", nameof(operation));
        var api = factory.CreateApiClient();
        var (_, body) = await operation.PrepareAsync(api);
        await RefusedAsync(factory, api, operation, missing(), Requests.Json(body.ToJsonString(), operation.MediaType), 404);
    }

    /// <summary>Sends the request and asserts the problem status and that no row of any table changed.</summary>
    private static async Task<JsonObject> RefusedAsync(ApiFactory factory, ApiClient api, WritableOperation operation, string uri, HttpContent content, int status)
    {
        await using var fingerprint = await DatabaseFingerprint.OpenAsync(factory.ConnectionString);
        var before = await fingerprint.TakeAsync();
        using var request = new HttpRequestMessage(operation.Method, uri) { Content = content };
        if (operation.RequiresIdempotencyKey)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await api.Http.SendAsync(request);
        var problem = await response.AssertProblemAsync(status);
        var changed = DatabaseFingerprint.Changed(before, await fingerprint.TakeAsync());
        Assert.Empty(operation.RequiresIdempotencyKey ? changed.Where(table => table != "idempotency_keys") : changed);
        return problem;
    }

    private static Task<(string Uri, JsonObject Body)> Ready(string uri, string body) => Task.FromResult((uri, Parse(body)));

    private static async Task<string> NewSurveyAsync(ApiClient api)
    {
        using var created = await api.Http.PostAsync("/api/v1/surveys", Requests.Json(SurveyBody));
        return (await created.ReadObjectAsync())["id"]!.ToString();
    }

    /// <summary>The token of a fresh send (a fresh customer, so it is sent, not throttled).</summary>
    private static async Task<string> NewSurveyTokenAsync(ApiClient api)
    {
        var body = $$"""{"customerId":"{{await api.NewCustomerIdAsync()}}","channel":"email"}""";
        using var sent = await api.Http.PostAsync($"/api/v1/surveys/{await NewSurveyAsync(api)}/sends", Requests.Json(body));
        return (await sent.ReadObjectAsync())["token"]!.ToString();
    }

    private static async Task<string> NewTaskAsync(ApiClient api)
    {
        using var created = await api.Http.PostAsync($"/api/v1/customers/{await api.NewCustomerIdAsync()}/tasks", Requests.Json(TaskBody));
        return (await created.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private const string CaseBody = """{"channel":"email","category":"complaint","subject":"Parcel arrived damaged"}""";

    private static async Task<string> NewCaseAsync(ApiClient api)
    {
        using var created = await api.Http.PostAsync($"/api/v1/customers/{await api.NewCustomerIdAsync()}/cases", Requests.Json(CaseBody));
        return (await created.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static TheoryData<string> Names(Func<WritableOperation, bool> applies) => new(Operations.Values.Where(applies).Select(o => o.Name));
}
