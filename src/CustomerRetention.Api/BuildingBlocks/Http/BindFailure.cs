using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Primitives;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// A route, query or header value the framework's parameter binding could not convert to the
/// handler parameter's type. The framework reports it only as a <see cref="BadHttpRequestException"/>
/// with an English message; this finds the parameter from the endpoint's own metadata instead:
/// the handler's parameters are bound in declaration order, so the first one whose raw value does
/// not parse as its type is the one that failed.
/// </summary>
internal sealed record BindFailure(string Name, string Value, Type Type)
{
    /// <summary>The parameter that could not be bound, or null when no route, query or header value explains the failure.</summary>
    public static BindFailure? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The exception handler clears the endpoint and route values before it runs; the feature keeps them.
        var feature = context.Features.Get<IExceptionHandlerFeature>();
        var endpoint = feature?.Endpoint ?? context.GetEndpoint();
        var routeValues = feature?.RouteValues ?? context.Request.RouteValues;
        if (endpoint?.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return null;
        }

        foreach (var parameter in method.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (parameter.Name is not { } name || type == typeof(string) || TryParseMethod(type) is not { } tryParse
                || RawValue(context.Request, routeValues, parameter, name) is not { } raw)
            {
                continue;
            }

            if (!Parses(tryParse, raw))
            {
                return new BindFailure(name, raw, type);
            }
        }

        return null;
    }

    private static string? RawValue(HttpRequest request, RouteValueDictionary? routeValues, ParameterInfo parameter, string name)
    {
        if (parameter.GetCustomAttribute<FromHeaderAttribute>() is { } header)
        {
            return Present(request.Headers[header.Name ?? name]);
        }

        if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } query)
        {
            return Present(request.Query[query.Name ?? name]);
        }

        if (routeValues is not null && routeValues.TryGetValue(parameter.GetCustomAttribute<FromRouteAttribute>()?.Name ?? name, out var value))
        {
            return value?.ToString();
        }

        // A simple parameter without an attribute and not in the route is bound from the query.
        return parameter.GetCustomAttributes().Any(a => a is IBindingSourceMetadata) ? null : Present(request.Query[name]);
    }

    /// <summary>The raw value when the parameter was sent, even empty (<c>?limit=</c> fails to bind as a number too).</summary>
    private static string? Present(StringValues values) => values.Count == 0 ? null : values.ToString();

    /// <summary><c>static bool TryParse(string, IFormatProvider, out T)</c> (<see cref="IParsable{TSelf}"/>), else <c>TryParse(string, out T)</c>.</summary>
    private static MethodInfo? TryParseMethod(Type type) =>
        type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()])
        ?? type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);

    private static bool Parses(MethodInfo tryParse, string raw)
    {
        object?[] arguments = tryParse.GetParameters().Length == 3 ? [raw, CultureInfo.InvariantCulture, null] : [raw, null];
        return tryParse.Invoke(null, arguments) is true;
    }
}
