namespace CustomerRetention.Api.BuildingBlocks.Hosting;

/// <summary>
/// Security headers on every response (ADR 18): no MIME sniffing, no framing, no referrer, and a
/// content security policy that lets an API answer load nothing at all. Swagger UI's pages get a
/// policy that allows their own scripts, styles and inline images, nothing from elsewhere. Over
/// HTTPS outside Development, HSTS is added by <c>UseHsts</c>.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of every answer but Swagger UI's pages: nothing may be loaded or framed.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Swagger UI's pages: their own scripts and styles (it sets inline styles), inline SVG images, calls to this host.</summary>
    public const string SwaggerUiPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response (before anything else writes one).</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            // When the answer starts: an error handler clears the headers of the answer it replaces.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = IsSwaggerUi(context.Request.Path) ? SwaggerUiPolicy : ApiPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private static bool IsSwaggerUi(PathString path) =>
        path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
        && !path.Value!.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
