using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.Timeline;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>
/// The document as a whole: tag descriptions, the health endpoints, the problem schemas, the
/// timeline item as a union by <c>kind</c>, the event feed's <c>data</c>, and no .NET type names in
/// the prose (XML comments refer to types the reader cannot see).
/// </summary>
internal sealed partial class ContractDocumentFilter(ValidatorConstraints constraints) : IDocumentFilter
{
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Customers", "People and businesses the company sells to: create, read, merge-patch, archive, list and search."),
        ("Lifecycle", "The seven lifecycle stages, the allowed transitions, a customer's stage history and manual transitions."),
        ("Interactions", "Touchpoints with a customer: calls, e-mails, meetings, complaints, surveys."),
        ("Orders", "Purchases, usually synced from the ERP; completed orders drive RFM, CLV and analytics."),
        ("Timeline", "A customer's interactions, orders and stage changes in one newest-first stream."),
        ("RFM", "Recency, frequency and monetary scoring as background runs, segment summaries and migrations, and the segment map."),
        ("CLV", "BG/NBD + Gamma-Gamma customer-lifetime-value models as background fits, and their per-customer predictions."),
        ("Value", "A customer's historic and predicted value."),
        ("Analytics", "Retention, churn and repeat-purchase metrics over periods, series, monthly cohorts and the lifecycle funnel."),
        ("Events", "The change feed: every committed change as an event, oldest first."),
        ("Access", "Who is calling (`GET /me`) and the API keys of integrations (admins): issue, list, revoke."),
        ("Audit", "Every change with its actor and, for updates, old and new values (admins)."),
        ("Follow-ups", "Tasks for people, the cadence, birthday and post-purchase policies that create them, and the daily follow-up runs."),
        ("Service levels", "Business calendars (business-time arithmetic, the due endpoint) and the SLA policies complaint cases are measured by."),
        ("Surveys", "NPS and CSAT surveys, their sends with single-use tokens, responses by agents and through the public token endpoint."),
        ("Health", "Liveness and readiness for orchestrators and load balancers."),
    ];

    /// <summary>The security scheme of people: a JWT in <c>Authorization: Bearer</c>.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>The security scheme of integrations: an API key in <c>X-Api-Key</c>.</summary>
    public const string ApiKeyScheme = "apiKey";

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Components!.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "People: a JWT from the configured issuer (`Auth:Issuer`, `Auth:Audience`, signed with `Auth:SigningKey` or by `Auth:Authority`), "
                    + "with `sub` (the user id, a UUID), `name` and `role` (viewer, agent, manager or admin). In development, `build/token.sh --role <role>` mints one. "
                    + "Validated as RFC8725 (JWT Best Current Practices) asks: an explicit algorithm list (`none` is refused), issuer, audience, signature and lifetime checked on every request.",
            },
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "Integrations: a key from `POST /api/v1/api-keys` (shown once), with the role it was given. Never in the query string.",
            },
        };

        swaggerDoc.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        ProblemSchemas.Replace(swaggerDoc);
        Health(swaggerDoc);
        Timeline(swaggerDoc);
        Events(swaggerDoc);
        CreateInteraction(swaggerDoc);
        foreach (var schema in swaggerDoc.Components!.Schemas!.Values.OfType<OpenApiSchema>())
        {
            Scrub(schema);
            FormatLengths(schema);
        }

        var parameters = swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Parameters?.AsEnumerable() ?? []).Select(p => p.Schema).OfType<OpenApiSchema>();
        foreach (var schema in parameters)
        {
            FormatLengths(schema);
        }
    }

    /// <summary>
    /// The longest text a string format can be, as the API parses it: a UUID in its hyphenated form,
    /// a date as yyyy-MM-dd, a date-time as System.Text.Json accepts it (it refuses longer ones).
    /// </summary>
    private static readonly Dictionary<string, int> FormatMaxLengths = new(StringComparer.Ordinal)
    {
        ["uuid"] = 36,
        ["date"] = 10,
        ["date-time"] = 42,
    };

    private static void FormatLengths(OpenApiSchema schema)
    {
        if (schema.Format is { } format && FormatMaxLengths.TryGetValue(format, out var max) && schema.MaxLength is null)
        {
            schema.MaxLength = max;
        }

        var children = (schema.Properties?.Values.AsEnumerable() ?? []).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? [])
            .Append(schema.Items).Append(schema.AdditionalProperties);
        foreach (var child in children.OfType<OpenApiSchema>())
        {
            FormatLengths(child);
        }
    }

    private static void Health(OpenApiDocument document)
    {
        foreach (var (path, id, summary, description, canFail) in new[]
        {
            ("/health/live", "GetLiveness", "Liveness", "200 `Healthy` while the process serves requests; it checks nothing else (a database outage does not make the process unhealthy).", false),
            ("/health/ready", "GetReadiness", "Readiness", "200 `Healthy` when the database answers, else 503 `Unhealthy`: route traffic here only when ready.", true),
        })
        {
            var text = new Dictionary<string, OpenApiMediaType>
            {
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")] } },
            };
            var operation = new OpenApiOperation
            {
                OperationId = id,
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Healthy.", Content = text } },
                Security = [],
            };
            if (canFail)
            {
                operation.Responses["503"] = new OpenApiResponse { Description = "Unhealthy: the database does not answer.", Content = text };
            }

            document.Paths[path] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
        }
    }

    /// <summary>
    /// A timeline item is one of three shapes, told apart by <c>kind</c>; <c>data</c> is the full
    /// resource. Written as OpenAPI 3.0 inheritance: a base with the common members and the
    /// discriminator, and per kind an <c>allOf</c> of the base and its <c>data</c>. Generators that
    /// build class hierarchies (NSwag) need exactly this; a <c>oneOf</c> list defeats them (ADR 15).
    /// </summary>
    private static void Timeline(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        var kinds = new (string Kind, string Schema, string Data, string Description)[]
        {
            (TimelineKinds.Interaction, "TimelineInteractionItem", "InteractionDto", "An interaction; `occurredAt` is the interaction's."),
            (TimelineKinds.Order, "TimelineOrderItem", "OrderDto", "An order; `occurredAt` is its `orderedAt`."),
            (TimelineKinds.StageChange, "TimelineStageChangeItem", "StageTransitionDto", "A lifecycle stage change; `occurredAt` is the transition's."),
        };

        schemas["TimelineItemDto"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One entry of the 360° timeline: an interaction, an order or a stage change, by `kind`; "
                + "each kind's schema adds `data`, the full resource.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. kinds.Select(k => (JsonNode)JsonValue.Create(k.Kind))] },
                ["occurredAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "The id of the resource in `data`." },
                ["summary"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1000, Description = "One line for a person to read." },
            },
            Required = new HashSet<string>(["kind", "occurredAt", "id", "summary"], StringComparer.Ordinal),
            Discriminator = new OpenApiDiscriminator
            {
                PropertyName = "kind",
                Mapping = kinds.ToDictionary(k => k.Kind, k => new OpenApiSchemaReference(k.Schema, document)),
            },
        };

        foreach (var (_, name, data, description) in kinds)
        {
            schemas[name] = new OpenApiSchema
            {
                Description = description,
                AllOf =
                [
                    new OpenApiSchemaReference("TimelineItemDto", document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["data"] = new OpenApiSchemaReference(data, document) },
                        Required = new HashSet<string>(["data"], StringComparer.Ordinal),
                    },
                ],
            };
        }
    }

    /// <summary>
    /// One body type serves an interaction's create and its merge-patch; the create requires what
    /// the validator requires, so it gets its own schema with those members required and not nullable.
    /// </summary>
    private void CreateInteraction(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        if (schemas["InteractionFields"] is not OpenApiSchema fields
            || document.Paths["/api/v1/customers/{id}/interactions"]?.Operations?[HttpMethod.Post] is not { RequestBody: OpenApiRequestBody body })
        {
            return;
        }

        var properties = new Dictionary<string, IOpenApiSchema>(fields.Properties!);
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, property) in fields.Properties!)
        {
            if (constraints.For(typeof(Application.Interactions.InteractionFields), name, items: false) is not { Required: true })
            {
                continue;
            }

            required.Add(name);
            properties[name] = property switch
            {
                OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } => reference,
                OpenApiSchema plain => NotNull(plain),
                _ => property,
            };
        }

        var create = (OpenApiSchema)fields.CreateShallowCopy();
        create.Description = "A new interaction: the interaction's fields, with those a create needs required.";
        create.Properties = properties;
        create.Required = required;
        schemas["CreateInteractionRequest"] = create;
        foreach (var media in body.Content!.Values)
        {
            media.Schema = new OpenApiSchemaReference("CreateInteractionRequest", document);
        }
    }

    private static OpenApiSchema NotNull(OpenApiSchema schema)
    {
        var copy = (OpenApiSchema)schema.CreateShallowCopy();
        copy.Type &= ~JsonSchemaType.Null;
        return copy;
    }

    private static void Events(OpenApiDocument document)
    {
        if (document.Components!.Schemas!.TryGetValue("EventDto", out var found) && found is OpenApiSchema eventDto && eventDto.Properties is { } properties)
        {
            properties["data"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "The event's data, an object whose members depend on `type` (see docs/events.md).",
            };
            if (properties.TryGetValue("type", out var type) && type is OpenApiSchema text)
            {
                text.Enum = [.. EventTypes.All.Select(t => (JsonNode)JsonValue.Create(t))];
                text.Description = "The event type.";
            }
        }
    }

    private static void Scrub(OpenApiSchema schema)
    {
        if (schema.Description is { } description)
        {
            schema.Description = InternalName().Replace(description, m => m.Value[(m.Value.LastIndexOf('.') + 1)..].Split('`')[0]);
        }

        foreach (var property in (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>())
        {
            Scrub(property);
        }
    }

    /// <summary>A dotted .NET name as an XML <c>cref</c> leaves it: keep its last part.</summary>
    [GeneratedRegex(@"CustomerRetention\.[A-Za-z0-9_.`]*[A-Za-z0-9_]")]
    private static partial Regex InternalName();
}
