using System.Diagnostics;
using CustomerRetention.Api.Access;
using CustomerRetention.Api.Alerts;
using CustomerRetention.Api.Audit;
using CustomerRetention.Api.BuildingBlocks.ErrorHandling;
using CustomerRetention.Api.BuildingBlocks.Hosting;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Idempotency;
using CustomerRetention.Api.BuildingBlocks.OpenApi;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Api.Cases;
using CustomerRetention.Api.Customers;
using CustomerRetention.Api.Events;
using CustomerRetention.Api.FollowUps;
using CustomerRetention.Api.Surveys;
using CustomerRetention.Api.Imports;
using CustomerRetention.Api.Interactions;
using CustomerRetention.Api.Lifecycle;
using CustomerRetention.Api.Orders;
using CustomerRetention.Api.Segmentation;
using CustomerRetention.Api.ServiceLevels;
using CustomerRetention.Api.Timeline;
using CustomerRetention.Api.Value;
using CustomerRetention.Api.Webhooks;
using CustomerRetention.Application;
using CustomerRetention.Application.BuildingBlocks.Behaviors;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Customers.CreateCustomer;
using CustomerRetention.Application.Orders;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Infrastructure;
using CustomerRetention.Infrastructure.Persistence;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    KestrelRejections.ApplyLimits(kestrel.Limits);
    kestrel.ConfigureEndpointDefaults(listen => listen.UseProblemResponsesForRejections());
});

builder.Services.AddApplication(builder.Configuration["AutoMapper:LicenseKey"]);
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment.IsDevelopment());
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<HttpCurrentActor>();
builder.Services.AddScoped<ICurrentActor>(services => services.GetRequiredService<HttpCurrentActor>());
builder.Services.AddScoped<ICurrentCaller>(services => services.GetRequiredService<HttpCurrentActor>());
builder.Services.AddScoped<IOwnerScope, OwnerScope>();
builder.Services.AddCredentials(builder.Configuration);
builder.Services.AddSingleton(new OrderSettings(builder.Configuration["Orders:Currency"] is { Length: > 0 } currency ? currency.ToUpperInvariant() : OrderSettings.Default.Currency));
builder.Services.AddMediator((MediatorOptions options) =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(CreateCustomerCommand)];
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});

builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => ApiJson.Configure(options.JsonSerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    var problem = context.ProblemDetails;
    problem.Instance ??= context.HttpContext.Request.Path;
    problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    problem.Detail ??= problem.Status switch
    {
        StatusCodes.Status404NotFound => "There is no resource at this address.",
        StatusCodes.Status405MethodNotAllowed => "This resource does not support the method " + context.HttpContext.Request.Method + ".",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json (PATCH also takes application/merge-patch+json).",
        _ => problem.Title,
    };
    problem.Type ??= problem.Status switch
    {
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => null,
    };
});
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApiDocument();
builder.Services.AddCorsAndCompression(builder.Configuration);
builder.Services.AddCallerRateLimits(builder.Configuration);

var app = builder.Build();

app.UseTrustedProxies();
app.UseSecurityHeaders();
app.UseCorsAndCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (app.Configuration.GetValue("OpenApi:Enabled", true))
{
    app.UseOpenApiDocument();
}

// After the OpenAPI document and Swagger UI (anonymous middleware), before every endpoint.
app.UseAuthentication();

// After authentication, so a caller is its user or API key (anonymous callers: their address).
app.UseCallerRateLimits();
app.UseAuthorization();
app.UseRetiredActorHeader();

// After authorization (keys are per caller); brings its own inner exception handler, so the
// problem answers of the endpoints are stored and replayed too (ADR 20).
app.UseIdempotencyKeys();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapCustomers();
app.MapLifecycle();
app.MapInteractions();
app.MapOrders();
app.MapTimeline();
app.MapRfm();
app.MapClv();
app.MapValue();
app.MapAnalytics();
app.MapEvents();
app.MapAccess();
app.MapAudit();
app.MapWebhooks();
app.MapImports();
app.MapAlertRules();
app.MapAlerts();
app.MapTasks();
app.MapCases();
app.MapFollowUpPolicies();
app.MapServiceLevels();
app.MapSurveys();

if (app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
{
    await app.Services.MigrateDatabaseAsync();
}

await app.Services.EnsureBootstrapApiKeyAsync(app.Configuration);

if (app.Configuration.GetValue<bool>("Demo:Seed"))
{
    await app.Services.SeedDemoAsync();
}

await app.RunAsync();

/// <summary>The API's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
