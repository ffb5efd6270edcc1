using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Value;
using CustomerRetention.Application.Value.GetCustomerValue;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerRetention.Api.Value;

/// <summary>Customer value (SPEC §8).</summary>
public static class ValueEndpoints
{
    public static IEndpointRouteBuilder MapValue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/customers/{id:guid}/value", GetCustomerValue)
            .WithTags("Value")
            .GuardQueryString()
            .WithName(nameof(GetCustomerValue))
            .RequireAuthorization(Policies.ReadCustomers)
            .WithSummary("A customer's value")
            .WithDescription("`historic`: completed orders, revenue, first and last order, average order value (null without orders) and average days between orders (null with fewer than two). `predicted`: from the latest succeeded CLV model — null until one exists.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<CustomerValueDto>> GetCustomerValue(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCustomerValueQuery(id), cancellationToken));
}
