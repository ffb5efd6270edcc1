using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.OpenApi;

/// <summary>
/// The document is a truthful contract (SPEC §13): its examples pass the live API's validation, its
/// bounds are the ones the API enforces (probed at the limit and one past it), every input is
/// bounded, and it names no internal .NET type.
/// </summary>
public sealed class ContractDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>The body-taking operations, in an order in which each example is valid (a prospect is moved before it orders).</summary>
    private static readonly string[] BodyOperations =
    [
        "CreateCustomer", "TransitionCustomer", "CreateInteraction", "CreateOrder",
        "UpdateCustomer", "UpdateInteraction", "UpdateOrder", "StartRfmRun", "StartClvModel", "ReplaceSegmentMap",
        "CreateApiKey", "UpsertCustomers", "UpsertOrders", "CreateWebhook", "UpdateWebhook", "StartImport",
        "CreateAlertRule", "UpdateAlertRule", "StartAlertEvaluation", "DryRunAlertRule", "DryRunDraftAlertRule",
        "UpdateAlert", "AcknowledgeAlert", "SnoozeAlert", "ResolveAlert", "DismissAlert",
        "CreateTask", "UpdateTask", "CompleteTask", "CreateCadencePolicy", "UpdateCadencePolicy", "ReplaceBirthdayPolicy", "ReplacePostPurchasePolicy", "StartFollowUpRun",
        "CreateCase", "AddCaseMessage", "UpdateCase",
        "CreateBusinessCalendar", "ReplaceBusinessCalendar", "CreateSlaPolicy", "ReplaceSlaPolicy",
        "CreateSurvey", "UpdateSurvey", "CreateSurveySend", "RecordSurveyResponse", "SubmitSurveyResponse",
    ];

    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;

    [Fact]
    public async Task Every_request_example_passes_validation_on_the_live_api()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).Where(o => o.Operation["requestBody"] is not null).ToList();
        Assert.Equal(BodyOperations.Order(StringComparer.Ordinal), operations.Select(o => o.Id).Order(StringComparer.Ordinal));

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in BodyOperations)
        {
            var (path, method, operation, _) = operations.Single(o => o.Id == id);
            var (mediaType, media) = operation["requestBody"]!["content"]!.AsObject().First();
            var example = media!["example"];
            Assert.True(example is not null, $"{id} has no request example");

            var url = path.StartsWith("/api/v1/customers/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["customer"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/orders/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["order"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/interactions/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["interaction"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/webhooks/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["webhook"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/alert-rules/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["alertRule"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/alerts/{id}", StringComparison.Ordinal) ? path.Replace("{id}", (await AlertFixtures.NewOpenAlertAsync(_client)).Alert.ToString(), StringComparison.Ordinal)
                : path.StartsWith("/api/v1/tasks/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["task"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/cadence-policies/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["cadence-policy"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/cases/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["case"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/business-calendars/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["business-calendar"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/sla-policies/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["sla-policy"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/surveys/{id}", StringComparison.Ordinal) ? path.Replace("{id}", ids["survey"], StringComparison.Ordinal)
                : path.StartsWith("/api/v1/public/survey-responses/{token}", StringComparison.Ordinal) ? path.Replace("{token}", ids["survey-token"], StringComparison.Ordinal)
                : path;
            // A file body (an import) has its text as the example; it needs its kind and an Idempotency-Key.
            var file = example is JsonValue value && value.TryGetValue<string>(out var fileText) ? fileText : null;

            // A send and an agent's response name their customer and survey in the body: the ones made above.
            if (id is "CreateSurveySend" or "RecordSurveyResponse")
            {
                example = example!.DeepClone();
                example[id == "CreateSurveySend" ? "customerId" : "surveyId"] = id == "CreateSurveySend" ? ids["customer"] : ids["survey"];
            }

            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), id == "StartImport" ? url + "?kind=customers" : url)
            {
                Content = new StringContent(file ?? example!.ToJsonString(), Encoding.UTF8, mediaType),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // required by the batches, welcome everywhere
            using var response = await _client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{id}: the example got {(int)response.StatusCode}: {text}");
            if (JsonNode.Parse(text)!["results"] is JsonArray results)
            {
                Assert.All(results, r => Assert.True(r!["status"]!.GetValue<string>() != "error", $"{id}: an example item was refused: {r.ToJsonString()}"));
            }

            var created = JsonNode.Parse(text)!["id"]?.ToString();
            switch (id)
            {
                case "CreateCustomer": ids["customer"] = created!; break;
                case "CreateOrder": ids["order"] = created!; break;
                case "CreateInteraction": ids["interaction"] = created!; break;
                case "CreateWebhook": ids["webhook"] = created!; break;
                case "CreateAlertRule": ids["alertRule"] = created!; break;
                case "CreateTask": ids["task"] = created!; break;
                case "CreateCadencePolicy": ids["cadence-policy"] = created!; break;
                case "CreateCase": ids["case"] = created!; break;
                case "CreateBusinessCalendar": ids["business-calendar"] = created!; break;
                case "CreateSlaPolicy": ids["sla-policy"] = created!; break;
                case "CreateSurvey": ids["survey"] = created!; break;
                case "CreateSurveySend": ids["survey-token"] = JsonNode.Parse(text)!["token"]!.ToString(); break;
            }
        }
    }

    [Theory]
    [InlineData("CreateCustomer")]
    [InlineData("CreateInteraction")]
    [InlineData("CreateOrder")]
    public async Task The_documented_bounds_are_the_ones_the_api_enforces(string operationId)
    {
        var document = await DocumentAsync();
        var (path, _, operation, _) = Operations(document).Single(o => o.Id == operationId);
        var media = operation["requestBody"]!["content"]!["application/json"]!;
        var example = media["example"]!.AsObject();
        var probes = new List<(string Path, JsonNode Limit, JsonNode Beyond)>();
        Probes(document, media["schema"]!, example, string.Empty, probes);
        Assert.NotEmpty(probes);

        var counter = 0;
        foreach (var (member, limit, beyond) in probes)
        {
            foreach (var (value, accepted) in new[] { (limit, true), (beyond, false) })
            {
                var body = (JsonObject)example.DeepClone();
                Unique(body, ++counter);
                Set(body, member, value.DeepClone());
                var url = path.Replace("{id}", await CustomerAsync(), StringComparison.Ordinal);
                using var response = await _client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                if (accepted)
                {
                    Assert.True(response.IsSuccessStatusCode, $"{operationId} {member} at its documented limit got {(int)response.StatusCode}: {text}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{operationId} {member} past its documented limit got {(int)response.StatusCode}: {text}");
                    var errors = JsonNode.Parse(text)!["errors"]!.AsObject().Select(e => e.Key).ToList();
                    Assert.Contains(errors, key => key.Equals(member, StringComparison.OrdinalIgnoreCase));
                }
            }
        }
    }

    [Fact]
    public async Task Bounds_stated_as_predicates_are_the_limits_constants()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var customer = schemas["CreateCustomerRequest"]!["properties"]!;
        Assert.Equal(Domain.Customers.CustomerLimits.MaxTags, customer["tags"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(Domain.Customers.CustomerLimits.TagMaxLength, customer["tags"]!["items"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(Domain.Customers.CustomerLimits.MaxAttributes, customer["attributes"]!["maxProperties"]!.GetValue<int>());
        Assert.Equal(Domain.Customers.CustomerLimits.EmailMaxLength, customer["email"]!["maxLength"]!.GetValue<int>());
        var order = schemas["CreateOrderRequest"]!["properties"]!;
        Assert.Equal(Domain.Orders.OrderLimits.MaxItems, order["items"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(Domain.Orders.OrderLimits.MaxAmount, order["amount"]!["maximum"]!.GetValue<decimal>());
        Assert.Equal(Domain.Segmentation.RfmScoring.MapCells, schemas["SegmentMapDto"]!["properties"]!["cells"]!["maxItems"]!.GetValue<int>());

        var operations = Operations(document).ToDictionary(o => o.Id, o => o.Operation);
        int Limit(string id) => operations[id]["parameters"]!.AsArray().Single(p => p!["name"]!.ToString() == "limit")!["schema"]!["maximum"]!.GetValue<int>();
        Assert.Equal(Application.BuildingBlocks.Paging.PageLimits.Max, Limit("ListCustomers"));
        Assert.Equal(Application.BuildingBlocks.Paging.PageLimits.Max, Limit("ListClvCustomers"));
        Assert.Equal(Application.Events.ListEvents.ListEventsHandler.MaxLimit, Limit("ListEvents"));

        // And the API enforces the tag count at the documented bound.
        foreach (var (count, accepted) in new[] { (Domain.Customers.CustomerLimits.MaxTags, true), (Domain.Customers.CustomerLimits.MaxTags + 1, false) })
        {
            var body = new JsonObject { ["type"] = "individual", ["name"] = "Tag Probe", ["tags"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)JsonValue.Create($"t{i}"))]) };
            using var response = await _client.PostAsync("/api/v1/customers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(accepted, response.IsSuccessStatusCode);
        }
    }

    [Fact]
    public async Task Every_input_is_bounded()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var (_, _, operation, id) in Operations(document))
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                Bounded(document, parameter!["schema"]!, $"{id} {parameter["in"]} {parameter["name"]}", problems, []);
            }

            foreach (var (type, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                Bounded(document, media!["schema"]!, $"{id} body", problems, []);
            }
        }

        Assert.Empty(problems.Distinct());
    }

    [Fact]
    public async Task Response_examples_have_exactly_the_members_of_their_schema()
    {
        var document = await DocumentAsync();
        var examples = 0;
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            if (schema!["example"] is not JsonObject example || schema["properties"] is not JsonObject properties)
            {
                continue;
            }

            examples++;
            var required = schema["required"]?.AsArray().Select(r => r!.ToString()).ToHashSet() ?? [];
            Assert.True(example.All(m => properties.ContainsKey(m.Key)), $"{name}: the example has members the schema does not");
            Assert.True(required.All(example.ContainsKey), $"{name}: the example lacks required members");
        }

        Assert.True(examples >= 4, "the main responses have examples");
    }

    [Fact]
    public async Task The_document_names_no_internal_type()
    {
        var text = await _client.GetStringAsync("/swagger/v1/swagger.json");
        Assert.DoesNotContain("CustomerRetention.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditional_requests_errors_and_outages_are_declared()
    {
        var document = await DocumentAsync();
        foreach (var (_, method, operation, id) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            var headers = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.ToString() == "header").Select(p => p!["name"]!.ToString()).ToList();
            if (id is "GetLiveness" or "GetReadiness")
            {
                continue;
            }

            Assert.True(responses["503"]?["headers"]?["Retry-After"] is not null, $"{id}: 503 with Retry-After");
            if (responses.ContainsKey("412"))
            {
                Assert.Contains("If-Match", headers);
            }

            Assert.DoesNotContain("X-Actor", headers);
            if (id == "SubmitSurveyResponse")
            {
                // Anonymous by design (SPEC §11: the token in the path is the credential).
                Assert.Empty(operation["security"]!.AsArray());
                Assert.False(responses.ContainsKey("401"), $"{id}: no 401");
            }
            else
            {
                Assert.Equal(2, operation["security"]!.AsArray().Count);
                Assert.True(responses["401"]?["headers"]?["WWW-Authenticate"] is not null, $"{id}: 401 with WWW-Authenticate");
                Assert.True(responses.ContainsKey("403"), $"{id}: 403");
                Assert.Contains("Roles: ", operation["description"]?.ToString() ?? string.Empty, StringComparison.Ordinal);
            }

            Assert.True(responses["429"]?["headers"]?["Retry-After"] is not null, $"{id}: 429 with Retry-After");

            foreach (var created in new[] { "201", "202" }.Where(responses.ContainsKey))
            {
                Assert.True(responses[created]!["headers"]?["Location"] is not null, $"{id}: {created} with Location");
            }
        }

        foreach (var id in new[] { "GetCustomer", "GetOrder", "GetInteraction" })
        {
            var operation = Operations(document).Single(o => o.Id == id).Operation;
            Assert.NotNull(operation["responses"]!["304"]);
            Assert.NotNull(operation["responses"]!["200"]!["headers"]!["ETag"]);
            Assert.Contains(operation["parameters"]!.AsArray(), p => p!["name"]!.ToString() == "If-None-Match");
        }

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        foreach (var member in new[] { "traceId", "code", "existingCustomerId", "existingOrderId", "currentStage", "allowedTransitions", "currentStatus" })
        {
            Assert.True(problem.ContainsKey(member), member);
        }

        Assert.NotNull(document["components"]!["schemas"]!["HttpValidationProblemDetails"]!["properties"]!["errors"]);
        Assert.Equal("/", document["servers"]![0]!["url"]!.ToString());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.ToString());
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["apiKey"]!["name"]!.ToString());
        Assert.Empty(document["paths"]!["/health/ready"]!["get"]!["security"]!.AsArray());
        Assert.NotNull(document["paths"]!["/health/ready"]?["get"]);
        Assert.All(document["tags"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace(t!["description"]?.ToString())));
    }

    [Theory]
    [InlineData("ListCustomers", "stage")]
    [InlineData("ListCustomers", "sort")]
    [InlineData("ListInteractions", "channel")]
    [InlineData("ListInteractions", "type")]
    [InlineData("ListOrders", "status")]
    [InlineData("GetAnalyticsSeries", "metric")]
    [InlineData("GetAnalyticsSeries", "interval")]
    [InlineData("ListClvCustomers", "sort")]
    public async Task Enum_query_parameters_list_the_values_the_api_accepts(string operationId, string name)
    {
        var document = await DocumentAsync();
        var (path, _, operation, _) = Operations(document).Single(o => o.Id == operationId);
        var values = operation["parameters"]!.AsArray().Single(p => p!["name"]!.ToString() == name)!["schema"]!["enum"]!.AsArray().Select(v => v!.ToString()).ToList();
        Assert.NotEmpty(values);
        var url = path.Replace("{id}", await CustomerAsync(), StringComparison.Ordinal);
        var rest = operationId == "GetAnalyticsSeries" ? "&from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z" + (name == "metric" ? "&interval=month" : "&metric=orders") : string.Empty;
        var clv = operationId == "ListClvCustomers";
        foreach (var value in values)
        {
            using var response = await _client.GetAsync($"{url}?{name}={Uri.EscapeDataString(value)}{rest}");
            // An unknown model is a 404 after validation; a refused value would be a 400.
            Assert.True(response.StatusCode == HttpStatusCode.OK || (clv && response.StatusCode == HttpStatusCode.NotFound), $"{operationId} {name}={value}: {(int)response.StatusCode}");
        }

        using var refused = await _client.GetAsync($"{url}?{name}=not-a-value{rest}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private string? _customer;

    private async Task<string> CustomerAsync()
    {
        if (_customer is null)
        {
            using var response = await _client.PostAsync("/api/v1/customers", new StringContent("""{"type":"individual","name":"Bound Probe"}""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            _customer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.ToString();
        }

        return _customer;
    }

    private static IEnumerable<(string Path, string Method, JsonNode Operation, string Id)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (path.Key, op.Key, op.Value!, op.Value!["operationId"]!.ToString())));

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        while (true)
        {
            if (schema["$ref"] is { } reference)
            {
                schema = document["components"]!["schemas"]![reference.ToString().Split('/')[^1]]!;
            }
            else if (schema["allOf"] is JsonArray { Count: 1 } allOf)
            {
                schema = allOf[0]!;
            }
            else
            {
                return schema;
            }
        }
    }

    /// <summary>For every string member of the example with a plain maxLength, and every top-level integer with bounds: a value at the limit and one past it.</summary>
    private static void Probes(JsonNode document, JsonNode schemaNode, JsonObject example, string prefix, List<(string, JsonNode, JsonNode)> probes)
    {
        var schema = Resolve(document, schemaNode);
        foreach (var (name, value) in example)
        {
            var member = schema["properties"]?[name];
            if (member is null)
            {
                continue;
            }

            var resolved = Resolve(document, member);
            var path = prefix + name;
            var type = resolved["type"]?.ToString();
            if (type == "string" && resolved["maxLength"] is { } max && resolved["format"] is null && resolved["pattern"] is null && resolved["enum"] is null)
            {
                var n = max.GetValue<int>();
                probes.Add((path, JsonValue.Create(new string('x', n)), JsonValue.Create(new string('x', n + 1))));
            }
            else if (type == "integer" && prefix.Length == 0 && resolved["maximum"] is { } maximum && resolved["minimum"] is { } minimum)
            {
                probes.Add((path, JsonValue.Create(maximum.GetValue<long>()), JsonValue.Create(maximum.GetValue<long>() + 1)));
                probes.Add((path, JsonValue.Create(minimum.GetValue<long>()), JsonValue.Create(minimum.GetValue<long>() - 1)));
            }
            else if (value is JsonObject nested)
            {
                Probes(document, member, nested, path + ".", probes);
            }
            else if (value is JsonArray { Count: > 0 } array && array[0] is JsonObject first && resolved["items"] is { } items)
            {
                Probes(document, items, first, path + "[0].", probes);
            }
        }
    }

    private static void Unique(JsonObject body, int counter)
    {
        var suffix = counter.ToString(CultureInfo.InvariantCulture);
        if (body.ContainsKey("externalId"))
        {
            body["externalId"] = "probe-" + suffix;
        }

        if (body.ContainsKey("email"))
        {
            body["email"] = $"probe{suffix}@example.com";
        }
    }

    private static void Set(JsonObject body, string path, JsonNode value)
    {
        JsonNode target = body;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            target = part.EndsWith("[0]", StringComparison.Ordinal) ? target[part[..^3]]![0]! : target[part]!;
        }

        target[parts[^1]] = value;
    }

    /// <summary>Strings need maxLength (or an enum, format or pattern), arrays maxItems, numbers both bounds.</summary>
    private static void Bounded(JsonNode document, JsonNode schemaNode, string where, List<string> problems, HashSet<string> seen)
    {
        if (schemaNode["$ref"] is { } reference && !seen.Add(reference.ToString()))
        {
            return;
        }

        var schema = Resolve(document, schemaNode);
        foreach (var alternative in schema["oneOf"]?.AsArray() ?? [])
        {
            Bounded(document, alternative!, where, problems, seen);
        }

        switch (schema["type"]?.ToString())
        {
            case "string" when schema["maxLength"] is null && schema["enum"] is null && schema["format"] is null && schema["pattern"] is null:
                problems.Add($"{where}: string without maxLength, enum, format or pattern");
                break;
            case "array":
                if (schema["maxItems"] is null)
                {
                    problems.Add($"{where}: array without maxItems");
                }

                // Breakpoints are any four ascending finite numbers: the API sets no range, so the document claims none.
                if (!where.Contains("breakpoints", StringComparison.Ordinal))
                {
                    Bounded(document, schema["items"]!, where + "[]", problems, seen);
                }

                break;
            case "integer" or "number" when schema["minimum"] is null || (schema["maximum"] is null && schema["exclusiveMaximum"] is null):
                problems.Add($"{where}: number without minimum and maximum");
                break;
            case "object":
                foreach (var (name, member) in schema["properties"]?.AsObject() ?? [])
                {
                    Bounded(document, member!, $"{where}.{name}", problems, seen);
                }

                if (schema["additionalProperties"] is JsonObject additional && additional.Count > 0)
                {
                    Bounded(document, additional, where + ".*", problems, seen);
                }

                break;
        }
    }

    [Fact]
    public async Task Every_nullable_schema_states_its_type()
    {
        var untyped = new List<string>();
        Walk(await DocumentAsync(), "#", untyped);

        Assert.True(untyped.Count == 0, "nullable without type (invalid in OpenAPI 3.0): " + string.Join(", ", untyped));

        static void Walk(JsonNode? node, string path, List<string> untyped)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["nullable"] is JsonValue nullable && nullable.GetValue<bool>() && obj["type"] is null)
                    {
                        untyped.Add(path);
                    }

                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path + "/" + name, untyped);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], path + "/" + i, untyped);
                    }

                    break;
            }
        }
    }
}
