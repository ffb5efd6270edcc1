using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

public sealed class OperationsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        using var response = await _client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_operation_with_an_operation_id_and_its_errors()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var paths = document["paths"]!;

        var expected = new (string Path, string Method, string OperationId, string[] Statuses)[]
        {
            ("/api/v1/customers", "post", "CreateCustomer", ["201", "400", "409", "413", "415"]),
            ("/api/v1/customers", "get", "ListCustomers", ["200", "400"]),
            ("/api/v1/customers/{id}", "get", "GetCustomer", ["200", "404"]),
            ("/api/v1/customers/{id}", "patch", "UpdateCustomer", ["200", "400", "404", "409", "412"]),
            ("/api/v1/customers/{id}", "delete", "ArchiveCustomer", ["204", "404", "412"]),
            ("/api/v1/lifecycle/stages", "get", "GetLifecycleStages", ["200"]),
            ("/api/v1/customers/{id}/lifecycle", "get", "GetCustomerLifecycle", ["200", "404"]),
            ("/api/v1/customers/{id}/lifecycle/transitions", "get", "ListTransitions", ["200", "400", "404"]),
            ("/api/v1/customers/{id}/lifecycle/transitions", "post", "TransitionCustomer", ["201", "400", "404", "409", "412"]),
            ("/api/v1/customers/{id}/interactions", "post", "CreateInteraction", ["201", "400", "404"]),
            ("/api/v1/customers/{id}/interactions", "get", "ListInteractions", ["200", "400", "404"]),
            ("/api/v1/interactions/{id}", "get", "GetInteraction", ["200", "404"]),
            ("/api/v1/interactions/{id}", "patch", "UpdateInteraction", ["200", "400", "404", "412"]),
            ("/api/v1/interactions/{id}", "delete", "DeleteInteraction", ["204", "404", "412"]),
            ("/api/v1/customers/{id}/orders", "post", "CreateOrder", ["201", "400", "404", "409"]),
            ("/api/v1/customers/{id}/orders", "get", "ListOrders", ["200", "400", "404"]),
            ("/api/v1/orders/{id}", "get", "GetOrder", ["200", "404"]),
            ("/api/v1/orders/{id}", "patch", "UpdateOrder", ["200", "400", "404", "409", "412"]),
            ("/api/v1/customers/{id}/timeline", "get", "GetTimeline", ["200", "400", "404"]),
            ("/api/v1/rfm/runs", "post", "StartRfmRun", ["202", "400"]),
            ("/api/v1/rfm/runs", "get", "ListRfmRuns", ["200", "400"]),
            ("/api/v1/rfm/runs/{id}", "get", "GetRfmRun", ["200", "404"]),
            ("/api/v1/rfm/segments", "get", "GetRfmSegments", ["200", "404", "409"]),
            ("/api/v1/rfm/segments/{segment}/customers", "get", "ListSegmentCustomers", ["200", "400", "404", "409"]),
            ("/api/v1/rfm/migrations", "get", "GetRfmMigrations", ["200", "404", "409"]),
            ("/api/v1/rfm/segment-map", "get", "GetSegmentMap", ["200"]),
            ("/api/v1/rfm/segment-map", "put", "ReplaceSegmentMap", ["200", "400"]),
            ("/api/v1/customers/{id}/rfm", "get", "GetCustomerRfm", ["200", "404"]),
            ("/api/v1/customers/{id}/value", "get", "GetCustomerValue", ["200", "404"]),
        };
        foreach (var (path, method, operationId, statuses) in expected)
        {
            var operation = paths[path]?[method];
            Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is missing");
            Assert.Equal(operationId, operation!["operationId"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
            var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.Superset(statuses.ToHashSet(), responses.ToHashSet());
            foreach (var status in statuses.Where(s => s[0] == '4'))
            {
                Assert.NotNull(operation["responses"]![status]!["content"]!["application/problem+json"]);
            }
        }

        // Enums are documented as their JSON strings; list parameters are documented.
        var schemas = document["components"]!["schemas"]!;
        var stage = schemas["LifecycleStage"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Equal(["awareness", "interest", "decision", "retention", "expansion", "contraction", "churned"], stage);
        var parameters = paths["/api/v1/customers"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "q", "stage", "tag", "ownerId", "updatedSince", "sort", "limit", "cursor" }, parameters);
        Assert.NotNull(paths["/api/v1/customers/{id}"]!["patch"]!["requestBody"]!["content"]!["application/merge-patch+json"]);
        var required = schemas["CreateCustomerRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["name", "type"], required);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await _client.GetAsync("/api/v1/nothing-here");
        await response.AssertProblemAsync(404);
    }

    [Fact]
    public async Task An_unsupported_method_is_a_405_problem()
    {
        using var response = await _client.PutAsync("/api/v1/customers", Requests.Json("{}"));
        await response.AssertProblemAsync(405);
    }
}
