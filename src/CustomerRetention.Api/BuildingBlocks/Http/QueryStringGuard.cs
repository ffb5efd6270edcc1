using System.Reflection;
using CustomerRetention.Application.BuildingBlocks.Json;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// The one check of an operation's query string and route values (API.md §1), before its
/// handler runs: parameters the operation does not define, a parameter given more than once,
/// characters no value may carry (<see cref="InputText"/>), and timestamps that are not
/// RFC 3339 with an offset inside the accepted range (<see cref="ApiTime"/>; the framework's
/// own binding would take <c>2025-01-01</c> or an offset-less time as local time). The allowed
/// names and their types are read once per endpoint from its handler's <c>[FromQuery]</c> parameters.
/// </summary>
internal static class QueryStringGuard
{
    public static TBuilder GuardQueryString<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var parameters = context.MethodInfo.GetParameters()
                .Select(p => (p, attribute: p.GetCustomAttribute<FromQueryAttribute>()))
                .Where(x => x.attribute is not null)
                .ToDictionary(x => x.attribute!.Name ?? x.p.Name!, x => Nullable.GetUnderlyingType(x.p.ParameterType) ?? x.p.ParameterType, StringComparer.Ordinal);
            return invocation =>
            {
                Check(invocation.HttpContext.Request, parameters);
                return next(invocation);
            };
        });

    private static void Check(HttpRequest request, Dictionary<string, Type> parameters)
    {
        var unknown = request.Query.Keys.Where(k => !parameters.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            var hint = parameters.Count == 0 ? "This operation takes no query parameters." : $"Allowed: {string.Join(", ", parameters.Keys.Order(StringComparer.Ordinal))}.";
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                $"Unknown query parameter(s): {string.Join(", ", unknown.Select(k => InputText.Printable(k)))}.",
                unknown.ToDictionary(k => InputText.Printable(k), k => new[] { $"Unknown query parameter '{InputText.Printable(k)}'. {hint}" }));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            if (values.Count > 1)
            {
                errors[name] = ["Give this parameter at most once."];
            }
            else if (InputText.Problem(values.ToString()) is { } problem)
            {
                errors[name] = [problem];
            }
            else if (parameters[name] == typeof(DateTimeOffset) && !ApiTime.TryParseTimestamp(values.ToString(), out _))
            {
                errors[name] = [$"'{InputText.Printable(values.ToString())}' is not {ApiTime.TimestampRule}."];
            }
        }

        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && InputText.Problem(text) is { } problem)
            {
                errors[name] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                $"The parameter(s) {string.Join(", ", errors.Keys)} could not be accepted.",
                errors);
        }
    }
}
