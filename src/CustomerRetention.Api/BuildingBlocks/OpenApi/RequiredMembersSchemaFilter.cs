using CustomerRetention.Application.Customers.CreateCustomer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>
/// Marks the members a create requires. The same field types serve create and merge-patch
/// (where nothing is required), so this is said per request type rather than on the fields.
/// </summary>
internal sealed class RequiredMembersSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(CreateCustomerCommand)] = ["type", "name"],
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Required.TryGetValue(context.Type, out var names))
        {
            concrete.Required = new HashSet<string>(names, StringComparer.Ordinal);
        }
    }
}
