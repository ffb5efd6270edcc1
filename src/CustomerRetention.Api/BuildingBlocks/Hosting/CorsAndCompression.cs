using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace CustomerRetention.Api.BuildingBlocks.Hosting;

/// <summary>
/// Browser and transport basics (ADR 16): CORS for the origins listed in <c>Cors:Origins</c>
/// (none: no CORS at all, as before), exposing the headers a client of the API reads, and
/// Brotli/gzip response compression for JSON answers.
/// </summary>
public static class CorsAndCompression
{
    /// <summary>The name of the one CORS policy.</summary>
    public const string PolicyName = "configured-origins";

    /// <summary>The response headers a browser script may read besides the CORS-safelisted ones.</summary>
    public static IReadOnlyList<string> ExposedHeaders { get; } = ["ETag", "Location", "Retry-After", .. CallerRateLimits.Headers];

    /// <summary>The media types compressed (JSON answers, problems included, and the OpenAPI document).</summary>
    public static IReadOnlyList<string> CompressedMediaTypes { get; } =
        ["application/json", "application/problem+json"];

    /// <summary>Registers the CORS policy (when origins are configured) and response compression.</summary>
    public static IServiceCollection AddCorsAndCompression(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        if (origins.Count > 0)
        {
            services.AddCors(options => options.AddPolicy(PolicyName, policy => policy
                .WithOrigins([.. origins])
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders([.. ExposedHeaders])
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        }

        services.AddResponseCompression(options =>
        {
            // No cookies or other ambient credentials: see ADR 16 on BREACH.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = CompressedMediaTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Adds the middleware: compression first (it wraps every answer), then CORS.</summary>
    public static WebApplication UseCorsAndCompression(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseResponseCompression();
        if (Origins(app.Configuration).Count > 0)
        {
            app.UseCors(PolicyName);
        }

        return app;
    }

    /// <summary>
    /// <c>Cors:Origins</c>: an array (<c>Cors__Origins__0</c>, …) or one string of origins
    /// separated by commas or spaces; each an absolute origin such as <c>https://app.example.com</c>.
    /// </summary>
    public static IReadOnlyList<string> Origins(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var origins = SettingList.Values(configuration, "Cors:Origins")
            .Select(v => v.TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var origin in origins)
        {
            if (!IsOrigin(origin))
            {
                throw new InvalidOperationException(
                    $"Cors:Origins: '{origin}' is not an origin. Give each as scheme://host[:port] (e.g. https://app.example.com), without path, query or wildcard.");
            }
        }

        return origins;
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && uri.UserInfo.Length == 0 && !value.Contains('*', StringComparison.Ordinal);
}
