using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>
/// Every operation of the served OpenAPI document × every kind of caller (SPEC §11): anonymous, a
/// revoked key, an expired token and a forged token are 401; a role outside the operation's policy
/// is 403; an agent naming another owner's customer (or its interaction or order) is 404; a role
/// inside the policy gets what an admin gets. Every refused request together changes no row. The
/// roles come from the document; <see cref="The_documented_roles_are_those_of_the_spec"/> holds
/// them against the SPEC's own table for one operation of each policy.
/// </summary>
public sealed class AccessMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Guid Ada = TestCredentials.UserId("matrix-ada");
    private static readonly Guid Grace = TestCredentials.UserId("matrix-grace");
    private static readonly string[] Roles = ["viewer", "agent", "manager", "admin", "integration"];

    private int _unique;

    /// <summary>One kind of caller: its credential, its role (null: refused before any role) and, for agents, whose customers it names.</summary>
    private sealed record CallerKind(string Name, string? Role, Action<HttpRequestMessage> Sign, bool NamesOthers = false);

    [Fact]
    public async Task Every_operation_answers_each_kind_of_caller_as_the_spec_implies()
    {
        var manager = api.AsRole("manager");
        var world = await World.CreateAsync(manager, api.AsRole("agent", Ada));
        var (integrationKey, revokedKey) = (await IssueKeyAsync("integration"), await IssueKeyAsync("integration"));
        using (var revoke = await api.CreateClient().DeleteAsync($"/api/v1/api-keys/{revokedKey.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        var callers = new List<CallerKind>
        {
            new("anonymous", null, _ => { }),
            new("revoked key", null, r => r.Headers.Add("X-Api-Key", revokedKey.Key)),
            new("expired token", null, r => r.Headers.Authorization = new("Bearer", TestCredentials.Token("admin", expiresIn: TimeSpan.FromMinutes(-10)))),
            new("forged token", null, r => r.Headers.Authorization = new("Bearer", TestCredentials.Token("admin", signingKey: new string('f', 48)))),
            new("viewer", "viewer", Bearer("viewer", Guid.NewGuid())),
            new("agent (own customer)", "agent", Bearer("agent", Ada)),
            new("agent (another owner's customer)", "agent", Bearer("agent", Ada), NamesOthers: true),
            new("manager", "manager", Bearer("manager", Guid.NewGuid())),
            new("admin", "admin", Bearer("admin", Guid.NewGuid())),
            new("integration key", "integration", r => r.Headers.Add("X-Api-Key", integrationKey.Key)),
        };

        var document = JsonNode.Parse(await manager.GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = Operations(document).Where(o => !o.Path.StartsWith("/health", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations in the document");
        using var client = api.CreateAnonymousClient();
        var failures = new List<string>();

        // First every refused request: none may change a row (and none starts a job that would).
        // The resources they name are made before the fingerprint.
        var refused = new List<(Operation Operation, CallerKind Caller, HttpRequestMessage Request)>();
        foreach (var operation in operations)
        {
            foreach (var caller in callers.Where(c => Refusal(operation, c) is not null))
            {
                var request = await BuildAsync(operation, caller, world, manager);
                caller.Sign(request);
                refused.Add((operation, caller, request));
            }
        }

        var before = await api.DatabaseFingerprintAsync();
        foreach (var (operation, caller, request) in refused)
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                var expected = Refusal(operation, caller)!.Value;
                if ((int)response.StatusCode != expected)
                {
                    failures.Add($"{operation.Id} as {caller.Name}: {(int)response.StatusCode}, expected {expected} — {Excerpt(await response.Content.ReadAsStringAsync())}");
                }
            }
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        // Then the callers let through: each gets what the admin gets (each on fresh resources).
        foreach (var operation in operations)
        {
            var statuses = new Dictionary<string, int>();
            foreach (var caller in callers.Where(c => c.Role is not null && Refusal(operation, c) is null).OrderBy(c => c.Role == "admin" ? 0 : 1))
            {
                using var request = await BuildAsync(operation, caller, world, manager);
                caller.Sign(request);
                using var response = await client.SendAsync(request);
                statuses[caller.Name] = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{operation.Id} as {caller.Name}: {(int)response.StatusCode}, expected success — {Excerpt(await response.Content.ReadAsStringAsync())}");
                }
                else if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    await WaitForJobAsync(manager, response);
                }
            }

            if (statuses.Values.Distinct().Count() > 1)
            {
                failures.Add($"{operation.Id}: the callers let through got different answers: {string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from SPEC §11:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("GetCustomer", "viewer, agent, manager, admin, integration")]
    [InlineData("CreateCustomer", "agent, manager, admin, integration")]
    [InlineData("GetAnalyticsSummary", "viewer, agent, manager, admin")]
    [InlineData("StartRfmRun", "manager, admin")]
    [InlineData("ReplaceSegmentMap", "manager, admin")]
    [InlineData("ListEvents", "admin, integration")]
    [InlineData("CreateApiKey", "admin")]
    [InlineData("CreateWebhook", "admin, integration")]
    [InlineData("ReplayWebhookDelivery", "admin, integration")]
    [InlineData("ListAuditEntries", "admin")]
    [InlineData("ListTasks", "viewer, agent, manager, admin")]
    [InlineData("CompleteTask", "agent, manager, admin")]
    [InlineData("ReplaceBirthdayPolicy", "manager, admin")]
    [InlineData("GetCadencePolicy", "viewer, agent, manager, admin")]
    [InlineData("StartFollowUpRun", "manager, admin")]
    [InlineData("GetMe", "viewer, agent, manager, admin, integration")]
    [InlineData("CreateAlertRule", "manager, admin")]
    [InlineData("ListAlertRules", "viewer, agent, manager, admin")]
    [InlineData("ListAlerts", "viewer, agent, manager, admin")]
    [InlineData("ResolveAlert", "agent, manager, admin")]
    [InlineData("GetBusinessCalendarDue", "viewer, agent, manager, admin")]
    [InlineData("ReplaceBusinessCalendar", "manager, admin")]
    [InlineData("ListSlaPolicies", "viewer, agent, manager, admin")]
    [InlineData("DeleteSlaPolicy", "manager, admin")]
    [InlineData("CreateSurvey", "manager, admin")]
    [InlineData("GetSurvey", "viewer, agent, manager, admin")]
    [InlineData("CreateSurveySend", "agent, manager, admin")]
    [InlineData("IssueSurveyToken", "agent, manager, admin")]
    [InlineData("RecordSurveyResponse", "agent, manager, admin")]
    [InlineData("ListSurveyResponses", "viewer, agent, manager, admin")]
    [InlineData("GetNpsAnalytics", "viewer, agent, manager, admin")]
    public async Task The_documented_roles_are_those_of_the_spec(string operationId, string roles)
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var operation = Operations(document).Single(o => o.Id == operationId);
        Assert.Equal(roles.Split(", "), operation.Roles);
    }

    /// <summary>The status a refused caller must get, or null when the caller is let through.</summary>
    private static int? Refusal(Operation operation, CallerKind caller) => caller switch
    {
        { Role: null } => 401,
        _ when !operation.Roles.Contains(caller.Role) => 403,
        { NamesOthers: true } when operation.NamesCustomer => 404,
        _ => null,
    };

    private static Action<HttpRequestMessage> Bearer(string role, Guid sub) =>
        request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestCredentials.Token(role, sub, $"Matrix {role}"));

    /// <summary>A valid request for the operation: ids of resources the caller may name (fresh ones where the request uses them up), the document's example body.</summary>
    private async Task<HttpRequestMessage> BuildAsync(Operation operation, CallerKind caller, World world, HttpClient manager)
    {
        var owner = caller.NamesOthers ? Grace : Ada;
        var fresh = await World.FreshAsync(manager, owner);
        var id = operation.Path switch
        {
            var p when p.StartsWith("/api/v1/interactions/", StringComparison.Ordinal) => fresh.Interaction,
            var p when p.StartsWith("/api/v1/orders/", StringComparison.Ordinal) => fresh.Order,
            var p when p.StartsWith("/api/v1/rfm/runs/", StringComparison.Ordinal) => world.RunId,
            var p when p.StartsWith("/api/v1/clv/models/", StringComparison.Ordinal) => world.ModelId,
            var p when p.StartsWith("/api/v1/imports/", StringComparison.Ordinal) => world.ImportId,
            var p when p.StartsWith("/api/v1/api-keys/", StringComparison.Ordinal) => (await IssueKeyAsync("viewer")).Id,
            var p when p.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal) => await CreateWebhookAsync(),
            var p when p.StartsWith("/api/v1/webhook-deliveries/", StringComparison.Ordinal) => await CreateDeliveryAsync(await CreateWebhookAsync()),
            var p when p.StartsWith("/api/v1/alert-rules/", StringComparison.Ordinal) => await AlertFixtures.NewRuleAsync(api.CreateClient()),
            var p when p.StartsWith("/api/v1/alert-evaluations/", StringComparison.Ordinal) => await EvaluationAsync(),
            var p when p.StartsWith("/api/v1/alerts/", StringComparison.Ordinal) => await CreateAlertAsync(fresh.Customer),
            var p when p.StartsWith("/api/v1/tasks/", StringComparison.Ordinal) => await CreateTaskAsync(manager, fresh.Customer),
            var p when p.StartsWith("/api/v1/cases/", StringComparison.Ordinal) => await CreateCaseAsync(manager, fresh.Customer),
            var p when p.StartsWith("/api/v1/cadence-policies/", StringComparison.Ordinal) => await CreateCadencePolicyAsync(manager),
            var p when p.StartsWith("/api/v1/business-calendars/", StringComparison.Ordinal) => await CreateAsync(manager, "/api/v1/business-calendars", new { name = "Matrix calendar", timeZone = "UTC", weekly = new[] { new { day = "monday", start = "09:00", end = "17:00" } } }),
            var p when p.StartsWith("/api/v1/sla-policies/", StringComparison.Ordinal) => await CreateAsync(manager, "/api/v1/sla-policies", new { name = "Matrix policy", hoursMode = "calendar", targets = new[] { new { metric = "first-response", priority = "high", minutes = 30 } } }),
            var p when p.StartsWith("/api/v1/follow-up-runs/", StringComparison.Ordinal) => world.FollowUpRunId,
            var p when p.StartsWith("/api/v1/surveys/", StringComparison.Ordinal) => world.SurveyId,
            _ => fresh.Customer,
        };
        var path = operation.Path.Replace("{id}", id.ToString(), StringComparison.Ordinal).Replace("{segment}", "champions", StringComparison.Ordinal);
        if (path.Contains("{sendId}", StringComparison.Ordinal))
        {
            // An automated send (as a post-purchase run makes it: no token yet) to the fresh customer.
            var send = Guid.CreateVersion7();
            await api.ExecuteAsync(
                "INSERT INTO survey_sends (id, survey_id, customer_id, channel, context_type, context_id, status, sent_at, expires_at, dedupe_key, created_at, updated_at) "
                + $"VALUES ('{send}', '{world.SurveyId}', '{fresh.Customer}', 'email', 'order', '{fresh.Order}', 'sent', now(), now() + interval '14 days', 'post-purchase:{fresh.Order}', now(), now())");
            path = path.Replace("{sendId}", send.ToString(), StringComparison.Ordinal);
        }

        var query = operation.Id switch
        {
            "GetAnalyticsSummary" or "GetAnalyticsCohorts" => "?from=1997-01-01T00:00:00Z&to=1998-01-01T00:00:00Z",
            "GetAnalyticsSeries" => "?metric=activeCustomers&interval=month&from=1997-01-01T00:00:00Z&to=1998-01-01T00:00:00Z",
            "StartImport" => "?kind=customers",
            "GetBusinessCalendarDue" => "?start=2025-01-06T09:00:00Z&minutes=60",
            "GetNpsAnalytics" => "?from=1997-01-01T00:00:00Z&to=1998-01-01T00:00:00Z",
            _ => string.Empty,
        };
        var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), path + query);
        if (operation.Id == "StartImport")
        {
            // A file, not JSON; imports require the key (SPEC §10.3). The agent's rows are its own.
            var n = Interlocked.Increment(ref _unique);
            request.Content = new StringContent($"externalId,type,name\r\nMATRIX-IMPORT-{n},individual,Matrix import {n}\r\n", Encoding.UTF8, "text/csv");
            request.Headers.Add("Idempotency-Key", $"matrix-import-{n}");
            return request;
        }

        if (operation.Example is { } example)
        {
            var body = example.DeepClone().AsObject();
            var n = Interlocked.Increment(ref _unique);
            if (body.ContainsKey("email"))
            {
                body["email"] = $"matrix{n}@example.com";
            }

            if (body.ContainsKey("externalId"))
            {
                body["externalId"] = $"MATRIX-{n}";
            }

            if (body.ContainsKey("key"))
            {
                body["key"] = $"matrix-{n}";
            }

            if (operation.Id == "TransitionCustomer")
            {
                body["toStage"] = "expansion"; // the fresh customer has bought: it is in retention
            }

            if (operation.Id == "CreateCustomer")
            {
                body["ownerId"] = caller.Role == "agent" ? Ada : null;
            }

            if (operation.Id == "CreateSurveySend")
            {
                body["customerId"] = fresh.Customer.ToString(); // named in the body: the agent's scope decides
            }

            if (operation.Id == "RecordSurveyResponse")
            {
                body["surveyId"] = world.SurveyId.ToString();
            }

            var batchItems = operation.Id.StartsWith("Upsert", StringComparison.Ordinal) ? body["items"]!.AsArray() : [];
            foreach (var (item, i) in batchItems.Select((item, i) => (item!.AsObject(), i)))
            {
                // A batch: keys of its own, and orders for the fresh customer the caller may name.
                item["externalId"] = $"MATRIX-{n}-{i}";
                if (item.ContainsKey("email"))
                {
                    item["email"] = $"matrix{n}.{i}@example.com";
                }

                if (operation.Id == "UpsertOrders")
                {
                    item.Remove("customerExternalId");
                    item["customerId"] = fresh.Customer.ToString();
                }
            }

            var mediaType = operation.Method == "patch" ? "application/merge-patch+json" : "application/json";
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType);
        }

        if (operation.RequiresIdempotencyKey)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return request;
    }

    private static async Task<Guid> CreateCaseAsync(HttpClient manager, Guid customer)
    {
        using var created = await manager.PostAsync($"/api/v1/customers/{customer}/cases", Requests.Json("""{"channel":"email","category":"complaint","subject":"Matrix case"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadObjectAsync())["id"]!.GetValue<Guid>();
    }

    private static async Task<Guid> CreateTaskAsync(HttpClient manager, Guid customer)
    {
        using var response = await manager.PostAsync($"/api/v1/customers/{customer}/tasks", Requests.Json(new { type = "call", subject = "Matrix task", dueDate = "1997-07-01" }));
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body["id"]!.GetValue<Guid>();
    }

    private static async Task<Guid> CreateAsync(HttpClient manager, string uri, object body)
    {
        using var response = await manager.PostAsync(uri, Requests.Json(body));
        var created = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        return created["id"]!.GetValue<Guid>();
    }

    private static async Task<Guid> CreateCadencePolicyAsync(HttpClient manager)
    {
        using var response = await manager.PostAsync("/api/v1/cadence-policies", Requests.Json(new { name = "Matrix cadence", tiers = new[] { new { name = "all", intervalDays = 30 } } }));
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body["id"]!.GetValue<Guid>();
    }

    private async Task<Guid> CreateWebhookAsync()
    {
        using var response = await api.CreateClient().PostAsync("/api/v1/webhooks", Requests.Json(new { url = "https://hooks.example.com/matrix", eventTypes = new[] { "*" } }));
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body["id"]!.GetValue<Guid>();
    }

    /// <summary>A failed delivery of the subscription (the matrix host runs no delivery worker, so the row is written here).</summary>
    private async Task<Guid> CreateDeliveryAsync(Guid webhookId)
    {
        var id = Guid.CreateVersion7();
        await api.ExecuteAsync(
            $"""
            INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_position, event_type, state, retries, created_at)
            SELECT '{id}', '{webhookId}', e.id, e.position, e.type, 'failed', 0, now() FROM events e ORDER BY e.position DESC LIMIT 1
            """);
        return id;
    }

    private Guid? _evaluation;
    private Guid? _rule;

    /// <summary>One evaluation, made once (reads only).</summary>
    private async Task<Guid> EvaluationAsync()
    {
        if (_evaluation is { } made)
        {
            return made;
        }

        var admin = api.CreateClient();
        using var response = await admin.PostAsync($"/api/v1/alert-rules/{await AlertFixtures.NewRuleAsync(admin)}/evaluations", Requests.Json(new { asOf = "2025-06-30T00:00:00Z" }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForJobAsync(admin, response);
        _evaluation = (await response.ReadObjectAsync())["id"]!.GetValue<Guid>();
        return _evaluation.Value;
    }

    /// <summary>An open alert of the customer (written here: an evaluation per request would make the matrix slow; AlertLifecycleTests open theirs for real).</summary>
    private async Task<Guid> CreateAlertAsync(Guid customer)
    {
        _rule ??= await AlertFixtures.NewRuleAsync(api.CreateClient());
        var id = Guid.CreateVersion7();
        await api.ExecuteAsync(
            $"""
            INSERT INTO alerts (id, rule_id, rule_version, kind, customer_id, dedupe_key, severity, status, title, reason, evidence, score,
                                first_detected_at, last_detected_at, occurrences, created_at, updated_at)
            VALUES ('{id}', '{_rule}', 1, 'frequency-drop', '{customer}', '{_rule}:{customer}', 'medium', 'open', 'Orders fell 50 %',
                    'Orders fell from 2 to 1 (−50 %).', jsonb_build_object('drop', 0.5), 0.5, now(), now(), 1, now(), now())
            """);
        return id;
    }

    private async Task<(Guid Id, string Key)> IssueKeyAsync(string role)
    {
        using var response = await api.CreateClient().PostAsync("/api/v1/api-keys", Requests.Json(new { name = $"matrix {role}", role }));
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (body["id"]!.GetValue<Guid>(), body["key"]!.GetValue<string>());
    }

    private static async Task WaitForJobAsync(HttpClient manager, HttpResponseMessage accepted)
    {
        var location = accepted.Headers.Location!.OriginalString;
        for (var i = 0; i < 600; i++)
        {
            var job = JsonNode.Parse(await manager.GetStringAsync(location))!;
            if (job["status"]!.GetValue<string>() is "succeeded" or "failed")
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{location} did not finish");
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300];

    private sealed record Operation(string Id, string Method, string Path, IReadOnlyList<string> Roles, JsonNode? Example, bool RequiresIdempotencyKey)
    {
        /// <summary>Whether the path names a customer or something of one (an agent's scope decides; a batch names them in its items).</summary>
        public bool NamesCustomer =>
            Path.StartsWith("/api/v1/customers/{id}", StringComparison.Ordinal)
            || Path.StartsWith("/api/v1/interactions/", StringComparison.Ordinal)
            || Path.StartsWith("/api/v1/orders/{id}", StringComparison.Ordinal)
            || Path.StartsWith("/api/v1/alerts/{id}", StringComparison.Ordinal)
            || Path.StartsWith("/api/v1/tasks/{id}", StringComparison.Ordinal)
            || Path.StartsWith("/api/v1/cases/{id}", StringComparison.Ordinal)
            || Id == "CreateSurveySend"
            || Id == "IssueSurveyToken";
    }

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var description = operation!["description"]?.GetValue<string>() ?? string.Empty;
                var at = description.LastIndexOf("Roles: ", StringComparison.Ordinal);
                var roles = at < 0 ? [] : description[(at + "Roles: ".Length)..].TrimEnd('.').Split(", ");
                var example = operation["requestBody"]?["content"]?.AsObject().Select(c => c.Value!["example"]).FirstOrDefault(e => e is not null);
                if (operation["security"] is JsonArray { Count: 0 })
                {
                    continue; // anonymous by design (the public survey endpoint; Surveys/SurveyResponseTests covers it)
                }

                var keyRequired = (operation["parameters"] as JsonArray ?? []).Any(p => p!["name"]?.GetValue<string>() == "Idempotency-Key" && p["required"]?.GetValue<bool>() == true);
                yield return new Operation(operation["operationId"]!.GetValue<string>(), method, path, roles, example, keyRequired);
            }
        }
    }

    /// <summary>
    /// The data every request may name: a CDNOW sample with a succeeded RFM run and CLV model, and
    /// per request a fresh customer of the given owner with an interaction and a completed order.
    /// </summary>
    private sealed record World(Guid RunId, Guid ModelId, Guid ImportId, Guid FollowUpRunId, Guid SurveyId)
    {
        public static async Task<World> CreateAsync(HttpClient manager, HttpClient agent)
        {
            await RfmCdnowFixture.LoadAsync(manager, id => id % 8 == 1);
            var first = await manager.RunAsync(new { asOf = "1997-10-01T00:00:00Z" });
            var run = await manager.RunAsync(new { asOf = "1998-01-01T00:00:00Z" });
            var model = await manager.FitAsync(new { calibrationEnd = "1997-09-30" });
            Assert.True(first["status"]!.GetValue<string>() == "succeeded", first.ToJsonString());
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
            Assert.True(model["status"]!.GetValue<string>() == "succeeded", model.ToJsonString());
            var import = await Imports.ImportTestSupport.ImportAsync(agent, Imports.ImportTestSupport.Csv("type,name,email\r\nindividual,Matrix imported,not-an-address\r\n"));
            Assert.True(import["status"]!.GetValue<string>() == "succeeded", import.ToJsonString());
            var followUps = await FollowUps.FollowUpApi.RunFollowUpsAsync(manager, "1998-01-01");
            var survey = await Surveys.SurveyApi.CreateSurveyAsync(manager, name: "Matrix survey");
            return new World(run["id"]!.GetValue<Guid>(), model["id"]!.GetValue<Guid>(), import["id"]!.GetValue<Guid>(), followUps["id"]!.GetValue<Guid>(), survey["id"]!.GetValue<Guid>());
        }

        public static async Task<(Guid Customer, Guid Interaction, Guid Order)> FreshAsync(HttpClient manager, Guid owner)
        {
            var client = new ApiClient(manager);
            var customer = (await client.CreateCustomerAsync(new { type = "individual", name = "Matrix customer", ownerId = owner }))["id"]!.GetValue<Guid>();
            var interaction = (await client.CreateInteractionAsync(customer, new { channel = "phone", direction = "inbound", type = "call", occurredAt = "1997-06-01T09:00:00Z" }))["id"]!.GetValue<Guid>();
            var order = (await client.CreateOrderAsync(customer, new { orderedAt = "1997-06-01T10:00:00Z", amount = 30, status = "completed" }))["id"]!.GetValue<Guid>();
            return (customer, interaction, order);
        }
    }
}
