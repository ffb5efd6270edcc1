namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// The authentication schemes and how a request picks one: an <c>X-Api-Key</c> header (or a key
/// attempted in the query string, which is refused) goes to the API key scheme, everything else
/// to JWT bearer. The default scheme is a policy scheme that forwards by this choice.
/// </summary>
public static class CredentialSchemes
{
    public const string Credential = "Credential";
    public const string Bearer = "Bearer";
    public const string ApiKey = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Query parameter names under which clients commonly send keys or tokens.</summary>
    private static readonly HashSet<string> CredentialQueryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "api_key", "apikey", "api-key", "x-api-key", "key", "access_token", "token",
    };

    public static string Select(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.ContainsKey(ApiKeyHeader) || HasCredentialInQuery(context.Request) ? ApiKey : Bearer;
    }

    /// <summary>
    /// A key or token in the query string (which logs, proxies and browser histories keep): a
    /// parameter of a credential's usual name, or any value in the API key format.
    /// </summary>
    public static bool HasCredentialInQuery(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.Any(pair => CredentialQueryNames.Contains(pair.Key)
            || pair.Value.Any(v => v is not null && v.StartsWith(Domain.Access.ApiKeySecret.Marker, StringComparison.Ordinal)));
    }
}
