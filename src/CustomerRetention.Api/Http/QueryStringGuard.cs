using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Http;

/// <summary>
/// Refuses query parameters an endpoint does not define (API.md §1), naming them. The allowed
/// names are read once per endpoint from its handler's <c>[FromQuery]</c> parameters.
/// </summary>
internal static class QueryStringGuard
{
    public static TBuilder RejectUnknownQueryParameters<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var allowed = context.MethodInfo.GetParameters()
                .Select(p => (p, attribute: p.GetCustomAttribute<FromQueryAttribute>()))
                .Where(x => x.attribute is not null)
                .Select(x => x.attribute!.Name ?? x.p.Name!)
                .ToHashSet(StringComparer.Ordinal);
            return invocation =>
            {
                var unknown = invocation.HttpContext.Request.Query.Keys.Where(k => !allowed.Contains(k)).ToList();
                if (unknown.Count > 0)
                {
                    var hint = allowed.Count == 0 ? "This operation takes no query parameters." : $"Allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.";
                    throw new RequestRejectedException(
                        StatusCodes.Status400BadRequest,
                        $"Unknown query parameter(s): {string.Join(", ", unknown)}.",
                        unknown.ToDictionary(k => k, k => new[] { $"Unknown query parameter '{k}'. {hint}" }));
                }

                return next(invocation);
            };
        });
}
