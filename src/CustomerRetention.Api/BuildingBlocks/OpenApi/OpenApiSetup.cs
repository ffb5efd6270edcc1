using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>Swashbuckle: the OpenAPI document at /swagger/v1/swagger.json and Swagger UI at /swagger.</summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<ValidatorConstraints>();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CustomerRetention API",
                Version = "v1",
                Description = "Customers, their lifecycle, touchpoints and purchases; who is valuable and who is slipping away. "
                    + "Errors are RFC 9457 problem details with a traceId; lists are keyset-paginated with an opaque cursor. "
                    + "Any operation answers 503 with Retry-After (seconds) while the database is unavailable; retry after that delay.",
                License = new OpenApiLicense { Name = "MIT" },
            });
            options.SupportNonNullableReferenceTypes();
            options.CustomSchemaIds(SchemaId);

            // A JSON document member (an alert rule's params, an alert's evidence) is a free-form
            // object, not the members of System.Text.Json's node type.
            options.MapType<JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true });
            options.AddServer(new OpenApiServer
            {
                Url = "/",
                Description = "The deployment that serves this document, whichever environment it is (local development, staging or production): paths are relative to its host.",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
            });
            options.SchemaFilter<ContractSchemaFilter>();
            options.OperationFilter<HttpContractOperationFilter>();
            options.DocumentFilter<ContractDocumentFilter>();
            foreach (var assembly in new[] { typeof(Program).Assembly, typeof(Application.DependencyInjection).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml))
                {
                    options.IncludeXmlComments(xml);
                }
            }
        });
        return services;
    }

    public static WebApplication UseOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "CustomerRetention API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "CustomerRetention API";
            options.DisplayOperationId();
        });
        return app;
    }

    /// <summary>Readable schema names for generated clients: <c>Page&lt;CustomerDto&gt;</c> becomes <c>CustomerDtoPage</c>.</summary>
    private static string SchemaId(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name.Replace("Command", "Request", StringComparison.Ordinal);
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return string.Concat(type.GetGenericArguments().Select(SchemaId)) + name;
    }
}
