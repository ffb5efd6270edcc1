using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>
/// The problem details every error answer is (RFC 9457), as this API writes them: always
/// <c>traceId</c>; <c>code</c> on coded conflicts and domain errors; <c>errors</c> on validation
/// failures; and the extension members that name what a conflict is about.
/// </summary>
internal static class ProblemSchemas
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "HttpValidationProblemDetails";

    public static void Replace(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        schemas[Problem] = Schema(validation: false);
        schemas[ValidationProblem] = Schema(validation: true);
    }

    private static OpenApiSchema Schema(bool validation)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI reference naming the problem type.", 200, "uri-reference"),
            ["title"] = Text("A short summary of the problem type.", 200),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong in this request, for a person to read.", 2000),
            ["instance"] = Text("The request path.", 2000, "uri-reference"),
            ["traceId"] = Text("The W3C trace id of the request; quote it when reporting a problem.", 100),
            ["code"] = Text(
                "A stable machine-readable code, e.g. duplicate-customer, duplicate-order, lifecycle-transition-not-allowed, "
                + "order-status-change-not-allowed, rfm-run-not-succeeded, clv-model-not-succeeded, concurrent-modification, events-expired.",
                100),
            ["existingCustomerId"] = Id("duplicate-customer: the live customer that already holds the e-mail or externalId."),
            ["field"] = Text("duplicate-customer: the member that collides (email or externalId).", 50),
            ["existingOrderId"] = Id("duplicate-order: the order that already has this externalId."),
            ["currentStage"] = Text("lifecycle-transition-not-allowed: the customer's current stage.", 50),
            ["allowedTransitions"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MaxItems = 10,
                Items = Text(null, 50),
                Description = "lifecycle-transition-not-allowed: the stages a manual transition may go to from the current one.",
            },
            ["currentStatus"] = Text("order-status-change-not-allowed: the order's current status.", 50),
            ["runId"] = Id("rfm-run-not-succeeded: the run asked for."),
            ["runStatus"] = Text("rfm-run-not-succeeded: that run's status.", 50),
            ["modelId"] = Id("clv-model-not-succeeded: the model asked for."),
            ["modelStatus"] = Text("clv-model-not-succeeded: that model's status.", 50),
        };
        if (validation)
        {
            properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "The problems per member (a JSON path such as `address.country` or `items[0].sku`, a query parameter or a header), each with its messages.",
                MaxProperties = 1000,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, MaxItems = 100, Items = Text(null, 2000) },
            };
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = validation
                ? "A validation problem (400): the problem details with `errors`, every problem of the request at once."
                : "An RFC 9457 problem details document.",
            Properties = properties,
            Required = new HashSet<string>(validation ? ["title", "status", "traceId", "errors"] : ["title", "status", "traceId"], StringComparer.Ordinal),
            Example = validation
                ? JsonNode.Parse("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"detail":"The request body does not match the resource's schema.","instance":"/api/v1/customers","traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","errors":{"email":["'email' is not a valid e-mail address."]}}""")
                : JsonNode.Parse("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Conflict","status":409,"detail":"A live customer already has this e-mail address.","instance":"/api/v1/customers","traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","code":"duplicate-customer","existingCustomerId":"01930c4e-8b2a-7c3d-9e4f-5a6b7c8d9e0f","field":"email"}"""),
        };
    }

    private static OpenApiSchema Text(string? description, int maxLength, string? format = null) =>
        new() { Type = JsonSchemaType.String, MaxLength = maxLength, Format = format, Description = description };

    private static OpenApiSchema Id(string description) =>
        new() { Type = JsonSchemaType.String, Format = "uuid", Description = description };
}
