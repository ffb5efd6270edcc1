using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CustomerRetention.Api.BuildingBlocks.Hosting;

/// <summary>
/// Rate limits per caller with ASP.NET Core's rate limiter (ADR 18): every request but the health
/// probes draws from the caller's token bucket (<c>RateLimits:Standard</c>, by default 600 a minute
/// with bursts of 100); the heavy operations (job starts, and batch, import and export work) draw
/// from a second, stricter one as well (<c>RateLimits:Heavy</c>, 20 a minute). A refused request is a
/// 429 problem with <c>Retry-After</c>; every limited answer carries <c>RateLimit-Limit</c>,
/// <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> for the standard bucket.
/// <c>RateLimits:Enabled=false</c> switches all of it off.
/// </summary>
public static class CallerRateLimits
{
    /// <summary>The endpoint policy of the heavy operations.</summary>
    public const string HeavyPolicy = "heavy";

    /// <summary>The rate-limit response headers (draft-ietf-httpapi-ratelimit-headers), exposed to browsers by CORS.</summary>
    public static IReadOnlyList<string> Headers { get; } = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

    /// <summary>True unless <c>RateLimits:Enabled</c> is false.</summary>
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("RateLimits:Enabled", true);

    /// <summary>Registers the limiter and the settings it runs with.</summary>
    public static IServiceCollection AddCallerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = RateLimitSettings.From(configuration);
        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return services;
        }

        var standard = PartitionedRateLimiter.Create<HttpContext, string>(context => IsExempt(context)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => settings.Standard.Options()));
        services.AddSingleton(new StandardLimiter(standard));
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = standard;
            options.AddPolicy(HeavyPolicy, context => RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => settings.Heavy.Options()));
            options.OnRejected = (rejected, _) => RejectAsync(rejected, standard, settings);
        });
        return services;
    }

    /// <summary>Adds the limiter and the header writer (after authentication, so the caller is known).</summary>
    public static WebApplication UseCallerRateLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!Enabled(app.Configuration))
        {
            return app;
        }

        var limiter = app.Services.GetRequiredService<StandardLimiter>().Limiter;
        var settings = app.Services.GetRequiredService<RateLimitSettings>();
        app.Use((context, next) =>
        {
            if (!IsExempt(context))
            {
                context.Response.OnStarting(() =>
                {
                    WriteHeaders(context, limiter, settings.Standard);
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Marks an endpoint as heavy: it draws from the stricter bucket too.</summary>
    public static TBuilder RequireHeavyRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(HeavyPolicy);

    /// <summary>
    /// Who is asking: the authenticated caller (user id or API key id), otherwise the client's
    /// address (as the forwarded-headers middleware left it: proxies are trusted only when configured).
    /// </summary>
    public static string Caller(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var id = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name;
            if (id is { Length: > 0 })
            {
                return "caller:" + id;
            }
        }

        return "address:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);
    }

    /// <summary>Liveness and readiness are polled by orchestrators: never limited.</summary>
    private static bool IsExempt(HttpContext context) => context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    private static void WriteHeaders(HttpContext context, PartitionedRateLimiter<HttpContext> limiter, BucketSettings bucket)
    {
        var available = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? bucket.Burst;
        var remaining = Math.Clamp(available, 0, bucket.Burst);
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = bucket.Burst.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = Seconds(bucket.TokenInterval * (bucket.Burst - remaining)).ToString(CultureInfo.InvariantCulture);
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, PartitionedRateLimiter<HttpContext> standard, RateLimitSettings settings)
    {
        // The heavy bucket refused when the endpoint has one and the standard bucket still had tokens.
        var context = rejected.HttpContext;
        var heavy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == HeavyPolicy
            && standard.GetStatistics(context)?.CurrentAvailablePermits > 0;
        var bucket = heavy ? settings.Heavy : settings.Standard;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : bucket.TokenInterval;
        var seconds = Math.Max(1, Seconds(wait));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This caller has used its {(heavy ? "limit for job starts, batches, imports and exports" : "request limit")} "
                    + $"({bucket.RequestsPerMinute} a minute, bursts of {bucket.Burst}); retry after {seconds} s.",
                Extensions = { ["code"] = "rate-limited" },
            },
        });
    }

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(span.TotalSeconds);

    /// <summary>The standard limiter, shared by the rate-limiting middleware and the header writer.</summary>
    private sealed record StandardLimiter(PartitionedRateLimiter<HttpContext> Limiter);
}

/// <summary>The <c>RateLimits:*</c> settings.</summary>
public sealed record RateLimitSettings(bool Enabled, BucketSettings Standard, BucketSettings Heavy)
{
    public static RateLimitSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new RateLimitSettings(
            CallerRateLimits.Enabled(configuration),
            BucketSettings.From(configuration.GetSection("RateLimits:Standard"), requestsPerMinute: 600, burst: 100),
            BucketSettings.From(configuration.GetSection("RateLimits:Heavy"), requestsPerMinute: 20, burst: 20));
    }
}

/// <summary>One token bucket: <c>RequestsPerMinute</c> tokens a minute, one at a time, up to <c>Burst</c> saved.</summary>
public sealed record BucketSettings(int RequestsPerMinute, int Burst)
{
    /// <summary>How often one token comes back.</summary>
    public TimeSpan TokenInterval => TimeSpan.FromMinutes(1) / RequestsPerMinute;

    public static BucketSettings From(IConfigurationSection section, int requestsPerMinute, int burst)
    {
        ArgumentNullException.ThrowIfNull(section);
        var settings = new BucketSettings(
            section.GetValue("RequestsPerMinute", requestsPerMinute),
            section.GetValue("Burst", burst));
        if (settings.RequestsPerMinute is < 1 or > 600_000 || settings.Burst is < 1 or > 1_000_000)
        {
            throw new InvalidOperationException(
                $"{section.Path}: RequestsPerMinute must be 1–600000 and Burst 1–1000000 (got {settings.RequestsPerMinute} and {settings.Burst}).");
        }

        return settings;
    }

    public TokenBucketRateLimiterOptions Options() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TokenInterval,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
