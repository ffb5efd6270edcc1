using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CustomerRetention.Api.Tests.Idempotency;

/// <summary>
/// <c>RequireIdempotencyKey()</c>, as the batch and import endpoints carry it: such an endpoint refuses
/// a request without the header with a 400 naming it; other endpoints take the key as an option.
/// </summary>
public sealed class RequiredIdempotencyKeyTests
{
    [Fact]
    public void An_endpoint_that_requires_the_key_refuses_a_request_without_it()
    {
        var context = ContextFor(required: true);

        var refused = Assert.Throws<RequestRejectedException>(() => IdempotencyKeyHeader.Read(context));

        Assert.Equal(StatusCodes.Status400BadRequest, refused.Status);
        Assert.Equal(["Idempotency-Key"], refused.Errors.Keys);
    }

    [Fact]
    public void An_endpoint_that_requires_the_key_takes_a_request_with_it()
    {
        var context = ContextFor(required: true);
        context.Request.Headers["Idempotency-Key"] = "batch-1";

        Assert.Equal("batch-1", IdempotencyKeyHeader.Read(context));
    }

    [Fact]
    public void Other_endpoints_take_a_request_without_the_key()
    {
        Assert.Null(IdempotencyKeyHeader.Read(ContextFor(required: false)));
    }

    [Fact]
    public void A_control_character_in_the_key_is_refused()
    {
        var context = ContextFor(required: false);
        context.Request.Headers["Idempotency-Key"] = "key\u0001";

        Assert.Equal(["Idempotency-Key"], Assert.Throws<RequestRejectedException>(() => IdempotencyKeyHeader.Read(context)).Errors.Keys);
    }

    /// <summary>A request routed to an endpoint built the way <c>MapPost(…).RequireIdempotencyKey()</c> builds it.</summary>
    private static DefaultHttpContext ContextFor(bool required)
    {
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/batch"), 0);
        var conventions = new Conventions(builder);
        if (required)
        {
            conventions.RequireIdempotencyKey();
        }

        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.SetEndpoint(builder.Build());
        return context;
    }

    /// <summary>The convention builder of one endpoint, as the framework hands it to <c>MapPost</c>'s callers.</summary>
    private sealed class Conventions(EndpointBuilder endpoint) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention) => convention(endpoint);
    }
}
