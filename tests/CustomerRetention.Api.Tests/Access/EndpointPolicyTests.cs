using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>
/// "Every endpoint names its policy" (SPEC §11): each endpoint the API maps requires one of the
/// named <see cref="Policies"/> or is explicitly anonymous. The fallback policy would deny an
/// endpoint that names none, but its rights would then be nobody's decision.
/// </summary>
public sealed class EndpointPolicyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public void Every_endpoint_names_a_known_policy_or_is_anonymous()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/api-keys/");
        Assert.Empty(Violations(endpoints));
    }

    [Fact]
    public void The_check_reports_an_endpoint_without_a_policy_and_one_with_an_unknown_policy()
    {
        var endpoints = new[]
        {
            Endpoint("/named", new AuthorizeAttribute(Policies.ReadCustomers)),
            Endpoint("/anonymous", new AllowAnonymousAttribute()),
            Endpoint("/unnamed"),
            Endpoint("/bare-authorize", new AuthorizeAttribute()),
            Endpoint("/unknown", new AuthorizeAttribute("everyone")),
        };

        Assert.Equal(["/unnamed", "/bare-authorize", "/unknown"], Violations(endpoints));
    }

    /// <summary>The endpoints that neither allow anonymous callers nor name exactly known policies.</summary>
    private static List<string> Violations(IEnumerable<RouteEndpoint> endpoints) =>
        endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>() is not { Count: > 0 } data
                || data.Any(d => d.Policy is null || !Policies.Roles.ContainsKey(d.Policy)))
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName ?? "?")
            .ToList();

    private static RouteEndpoint Endpoint(string pattern, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(metadata), pattern);
}
