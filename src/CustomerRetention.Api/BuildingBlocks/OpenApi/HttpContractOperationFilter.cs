using System.Globalization;
using System.Text.Json.Nodes;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Idempotency;
using CustomerRetention.Application.Audit;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers.ListCustomers;
using CustomerRetention.Application.Value;
using CustomerRetention.Application.Value.GetAnalyticsSeries;
using CustomerRetention.Application.Value.ListClvCustomers;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Api.BuildingBlocks.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>
/// Per operation, what the HTTP layer does around the handler: the conditional and actor headers,
/// ETag/Location/Retry-After, 304 and 503, enum-valued and bounded query parameters (values and
/// bounds from the code that checks them), and the request-body examples.
/// </summary>
internal sealed class HttpContractOperationFilter(ValidatorConstraints constraints) : IOperationFilter
{
    /// <summary>GETs that answer 304 to a matching <c>If-None-Match</c>.</summary>
    private static readonly HashSet<string> ConditionalGets = ["GetCustomer", "GetOrder", "GetInteraction", "GetTask", "GetCadencePolicy", "GetCase", "GetBusinessCalendar", "GetSlaPolicy", "GetSurvey"];

    /// <summary>Operations whose 2xx carries the resource's ETag.</summary>
    private static readonly HashSet<string> TaggedResponses =
        ["GetCustomer", "GetOrder", "GetInteraction", "CreateCustomer", "UpdateCustomer", "CreateOrder", "UpdateOrder", "CreateInteraction", "UpdateInteraction",
         "GetTask", "CreateTask", "UpdateTask", "CompleteTask", "CancelTask", "GetCadencePolicy", "CreateCadencePolicy", "UpdateCadencePolicy",
         "GetBirthdayPolicy", "ReplaceBirthdayPolicy", "GetPostPurchasePolicy", "ReplacePostPurchasePolicy",
         "GetCase", "CreateCase", "UpdateCase", "AddCaseMessage",
         "GetBusinessCalendar", "CreateBusinessCalendar", "ReplaceBusinessCalendar", "GetSlaPolicy", "CreateSlaPolicy", "ReplaceSlaPolicy",
         "GetSurvey", "CreateSurvey", "UpdateSurvey"];

    /// <summary>The CSV exports: an example body each, kept beside the columns that write it.</summary>
    private static readonly Dictionary<string, string> CsvExamples = new(StringComparer.Ordinal)
    {
        ["ExportCustomers"] = Customers.CustomerCsv.Example,
        ["ExportSegmentCustomers"] = Segmentation.SegmentCustomerCsv.Example,
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var id = operation.OperationId ?? string.Empty;
        var method = context.ApiDescription.HttpMethod ?? "GET";
        operation.Parameters ??= [];
        operation.Responses ??= [];

        QueryParameters(operation, id);

        if (operation.Responses.ContainsKey("412"))
        {
            operation.Parameters.Add(Header(
                "If-Match",
                "The ETag you read (strong, e.g. `\"1234\"`) or `*`: the change is made only if the resource is still at that version, else 412. Without it the change is unconditional.",
                new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 }));
        }

        if (ConditionalGets.Contains(id))
        {
            operation.Parameters.Add(Header(
                "If-None-Match",
                "ETags you hold: when one is the current ETag (weak comparison) or `*`, the answer is 304 without a body.",
                new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1000 }));
            operation.Responses["304"] = new OpenApiResponse
            {
                Description = "Not modified: the ETag sent in If-None-Match is current.",
                Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = ETagHeader() },
            };
        }

        Security(operation, context);
        if (method == "POST")
        {
            IdempotencyKey(operation, context);
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || status is not ("200" or "201" or "202"))
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (TaggedResponses.Contains(id))
            {
                concrete.Headers["ETag"] = ETagHeader();
            }

            if (status is "201" or "202")
            {
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = status == "202" ? "Where to poll the job." : "The created resource.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", MaxLength = 200 },
                };
            }
        }

        operation.Responses["503"] = RetryLater(
            "The database is unavailable; retry after Retry-After seconds.", "Seconds to wait before retrying.", 3600, context);
        operation.Responses["429"] = RetryLater(
            "Too many requests from this caller (a token bucket per caller; job starts also draw from a stricter one): retry after Retry-After seconds.",
            "Seconds until the caller's bucket has a token again.",
            60,
            context);

        foreach (var (status, response) in operation.Responses.Select(r => (r.Key, r.Value)).Where(r => r.Value is OpenApiResponse))
        {
            var limited = (OpenApiResponse)response;
            if (status[0] is '2' or '4')
            {
                limited.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var (name, description) in RateLimitHeaders)
                {
                    limited.Headers[name] = new OpenApiHeader
                    {
                        Description = description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "1000000" },
                    };
                }
            }
        }

        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Access-Control-Allow-Origin"] = new OpenApiHeader
            {
                Description = "Sent when the request's `Origin` is one of the configured `Cors:Origins` (the origin itself, never `*`); absent otherwise.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = 2000 },
            };
        }

        if (CsvExamples.TryGetValue(id, out var csv) && operation.Responses["200"] is OpenApiResponse export)
        {
            CsvResponse(export, csv);
        }

        if (operation.RequestBody is OpenApiRequestBody body && body.Content is { } content)
        {
            foreach (var (type, media) in content)
            {
                if (OpenApiExamples.FileBodies.TryGetValue(id, out var files))
                {
                    FileBody(type, media, files);
                }
                else if (OpenApiExamples.RequestBody(id) is { } example)
                {
                    media.Example = example;
                }
            }
        }
    }

    /// <summary>A request body that is a file (text, or a multipart form with one file part), with its example.</summary>
    private static void FileBody(string type, OpenApiMediaType media, IReadOnlyDictionary<string, string> examples)
    {
        if (examples.TryGetValue(type, out var text))
        {
            media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = int.MaxValue, Description = "The file itself." };
            media.Example = JsonValue.Create(text);
            return;
        }

        media.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "file" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", MaxLength = int.MaxValue, Description = "The file: text/csv or application/x-ndjson (its part's Content-Type, or a .csv / .ndjson file name)." },
            },
        };
    }

    /// <summary>A streamed CSV body: text with an example, and the attachment header that names the file.</summary>
    private static void CsvResponse(OpenApiResponse response, string example)
    {
        response.Description = "RFC 4180 CSV, UTF-8 with a byte order mark, CRLF line ends, a header row; streamed (chunked, no Content-Length).";
        response.Content = new Dictionary<string, OpenApiMediaType>
        {
            [Csv.CsvMedia.Type] = new()
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create(example),
            },
        };
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Content-Disposition"] = new OpenApiHeader
        {
            Description = "`attachment; filename=\"<name>-<UTC timestamp>.csv\"`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        };
    }

    /// <summary>
    /// Who may call: a bearer token or an API key, the roles of the endpoint's policy (in the
    /// description), and 401/403 as problems. Anonymous endpoints (the health probes, which the
    /// document filter adds, and the public survey response) are left alone.
    /// </summary>
    private static void Security(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ContractDocumentFilter.BearerScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ContractDocumentFilter.ApiKeyScheme, context.Document)] = [] },
        ];
        var policy = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        if (policy is not null && Policies.Roles.TryGetValue(policy, out var roles))
        {
            operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : string.Empty)
                + "Roles: " + string.Join(", ", roles.Select(Domain.Access.Roles.Name)) + ".";
        }

        operation.Responses!["401"] = new OpenApiResponse
        {
            Description = "No credential, or one that is malformed, expired, revoked or not ours: send `Authorization: Bearer <JWT>` or `X-Api-Key`.",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = new OpenApiHeader
                {
                    Description = "The schemes the API accepts: `Bearer` and `ApiKey header=\"X-Api-Key\"`.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 500 },
                },
            },
            Content = ProblemContent(context),
        };
        operation.Responses["403"] = new OpenApiResponse
        {
            Description = "The caller is known but its role may not do this.",
            Content = ProblemContent(context),
        };
    }

    /// <summary>
    /// Every POST changes something and takes <c>Idempotency-Key</c> (ADR 20): the header (required
    /// where the endpoint says so), the replay marker on the answers a repeat gets back, and the
    /// 409/422 of a key in use or reused.
    /// </summary>
    private static void IdempotencyKey(OpenApiOperation operation, OperationFilterContext context)
    {
        var header = Header(
            IdempotencyKeyHeader.Name,
            "A key of your choice (e.g. a UUID) that makes retrying this request safe: a repeat with the same key, method, path, query and body "
            + "within 24 hours replays the first answer (with `Idempotent-Replayed: true`) instead of doing it again. Keys are per caller.",
            new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyHeader.MaxLength });
        header.Required = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyRequired>().Any();
        operation.Parameters!.Add(header);

        var responses = operation.Responses!;
        foreach (var response in responses.Where(r => r.Key[0] == '2').Select(r => r.Value).OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[IdempotencyKeyHeader.ReplayedHeader] = new OpenApiHeader
            {
                Description = "`true` when this is the stored answer of an earlier request with the same `Idempotency-Key`; absent otherwise.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
            };
        }

        const string InUse = "`idempotency-key-in-use`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds.";
        if (responses.TryGetValue("409", out var existing) && existing is OpenApiResponse conflict)
        {
            conflict.Description += " Or " + InUse;
        }
        else
        {
            conflict = new OpenApiResponse { Description = "Conflict: " + InUse, Content = ProblemContent(context) };
            responses["409"] = conflict;
        }

        conflict.Headers ??= new Dictionary<string, IOpenApiHeader>();
        conflict.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "With `idempotency-key-in-use`: seconds to wait before asking again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "60" },
        };

        responses["422"] = new OpenApiResponse
        {
            Description = "`idempotency-key-reused`: this `Idempotency-Key` was used for another request (method, path, query or body); nothing was done.",
            Content = ProblemContent(context),
        };
    }

    /// <summary>A problem answer that says when to try again (<c>Retry-After</c>, whole seconds up to <paramref name="maxSeconds"/>).</summary>
    private static OpenApiResponse RetryLater(string description, string header, int maxSeconds, OperationFilterContext context) => new()
    {
        Description = description,
        Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = header,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Maximum = maxSeconds.ToString(CultureInfo.InvariantCulture),
                },
            },
        },
        Content = ProblemContent(context),
    };

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OperationFilterContext context) => new()
    {
        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchemas.Problem, context.Document) },
    };

    /// <summary>The rate-limit headers of every limited answer (the caller's standard bucket; absent when limits are off).</summary>
    private static readonly (string Name, string Description)[] RateLimitHeaders =
    [
        ("RateLimit-Limit", "The caller's burst: how many requests its bucket holds (`RateLimits:Standard:Burst`)."),
        ("RateLimit-Remaining", "Requests the caller may still send at once."),
        ("RateLimit-Reset", "Seconds until the caller's bucket is full again."),
    ];

    private static OpenApiHeader ETagHeader() => new()
    {
        Description = "The resource's strong ETag; send it back in If-Match to change exactly this version.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100, Example = JsonValue.Create("\"1234\"") },
    };

    private static OpenApiParameter Header(string name, string description, OpenApiSchema schema) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = schema,
    };

    private void QueryParameters(OpenApiOperation operation, string operationId)
    {
        foreach (var parameter in operation.Parameters!.OfType<OpenApiParameter>())
        {
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            if (parameter.In == ParameterLocation.Query && constraints.ForQuery(operationId, parameter.Name!) is { } bound)
            {
                if (bound.MaxLength is { } max)
                {
                    schema.MaxLength = max;
                }

                if (bound.Minimum is { } minimum)
                {
                    schema.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
                }

                if (bound.Maximum is { } maximum)
                {
                    schema.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
                }

                if (bound.Required)
                {
                    parameter.Required = true;
                }
            }

            if (parameter.Name is "cursor" or "after")
            {
                schema.MinLength = 1;
                schema.MaxLength = PageLimits.CursorMaxLength;
            }

            if (Values(operationId, parameter.Name!) is { } values)
            {
                schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            }

            if (ValueLists(operationId, parameter.Name!) is { } listed)
            {
                // Several values, comma-separated: room for each once.
                schema.MaxLength = listed.Sum(v => v.Length + 1);
                parameter.Description += " One or more of: " + string.Join(", ", listed) + ".";
            }

            if (parameter.Name == "token" && parameter.In == ParameterLocation.Path)
            {
                schema.MinLength = 1;
                schema.MaxLength = Application.Surveys.SurveyTokens.MaxLength;
            }

            if (parameter.Name == "segment")
            {
                schema.Pattern = RfmScoring.SegmentKeyPattern;
                schema.MaxLength = RfmScoring.SegmentKeyMaxLength;
            }

            if (parameter.Name == "types" && parameter.In == ParameterLocation.Query)
            {
                schema.MaxLength = ListEventsTypesMaxLength;
                parameter.Description += " Known types: " + string.Join(", ", EventTypes.All) + ".";
            }
        }
    }

    /// <summary>Every type and every family once, comma-separated, fits comfortably.</summary>
    private static int ListEventsTypesMaxLength => EventTypes.All.Sum(t => t.Length + 1) * 2;

    /// <summary>The values of a query parameter that takes several of them, comma-separated.</summary>
    private static IReadOnlyList<string>? ValueLists(string operationId, string name) => (operationId, name) switch
    {
        ("ListAlerts" or "ListCustomerAlerts", "status") => ApiJson.EnumValues(typeof(Domain.Alerts.AlertStatus)),
        ("ListAlerts" or "ListCustomerAlerts", "severity") => ApiJson.EnumValues(typeof(Domain.Alerts.AlertSeverity)),
        ("ListCases" or "ListCustomerCases", "status") => ApiJson.EnumValues(typeof(Domain.Cases.CaseStatus)),
        ("ListCases" or "ListCustomerCases", "priority") => ApiJson.EnumValues(typeof(Domain.Cases.CasePriority)),
        ("ListCases" or "ListCustomerCases", "slaState") => ApiJson.EnumValues(typeof(Domain.Cases.SlaRollup)),
        ("GetBusinessCalendarDue", "mode") => ApiJson.EnumValues(typeof(Domain.ServiceLevels.HoursMode)),
        _ => null,
    };

    /// <summary>The values an enum-valued query parameter accepts, from the code that parses it.</summary>
    private static IReadOnlyList<string>? Values(string operationId, string name) => (operationId, name) switch
    {
        ("ListCustomers", "stage") => ApiJson.EnumValues(typeof(LifecycleStage)),
        ("ListCustomers", "sort") => CustomerSorts.All,
        ("ExportCustomers", "stage") => ApiJson.EnumValues(typeof(LifecycleStage)),
        ("ExportCustomers", "sort") => CustomerSorts.All,
        ("ListClvCustomers", "sort") => ClvCustomerSort.All,
        ("ListInteractions", "channel") => ApiJson.EnumValues(typeof(InteractionChannel)),
        ("ListInteractions", "type") => ApiJson.EnumValues(typeof(InteractionType)),
        ("ListOrders", "status") => ApiJson.EnumValues(typeof(OrderStatus)),
        ("ListAlertRules", "kind") => ApiJson.EnumValues(typeof(Domain.Alerts.AlertKind)),
        ("GetAnalyticsSeries", "metric") => GetAnalyticsSeriesHandler.MetricNames,
        ("GetAnalyticsSeries", "interval") => AnalyticsCalendar.IntervalNames,
        ("ListAuditEntries", "resourceType") => ApiJson.EnumValues(typeof(AuditResourceType)),
        ("ListTasks" or "ListCustomerTasks", "status") => ApiJson.EnumValues(typeof(Domain.FollowUps.FollowUpStatus)),
        ("ListTasks" or "ListCustomerTasks", "timing") => ApiJson.EnumValues(typeof(Domain.FollowUps.TaskTiming)),
        ("ListTasks" or "ListCustomerTasks", "source") => ApiJson.EnumValues(typeof(Domain.FollowUps.TaskSource)),
        ("ListCases" or "ListCustomerCases", "category") => ApiJson.EnumValues(typeof(Domain.Cases.CaseCategory)),
        ("ListSurveys", "status") => ApiJson.EnumValues(typeof(Domain.Surveys.SurveyStatus)),
        ("ListSurveys" or "GetNpsAnalytics", "type") => ApiJson.EnumValues(typeof(Domain.Surveys.SurveyType)),
        ("ListSurveySends", "status") => ApiJson.EnumValues(typeof(Domain.Surveys.SurveySendStatus)),
        ("GetNpsAnalytics", "groupBy") => Application.Surveys.NpsGroupings.Names,
        ("GetNpsAnalytics", "interval") => AnalyticsCalendar.IntervalNames,
        _ => null,
    };
}
