using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Events;
using CustomerRetention.Application.FollowUps;
using CustomerRetention.Application.Imports;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Application.Value;
using CustomerRetention.Application.BuildingBlocks.Idempotency;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.BuildingBlocks.Paging;
using CustomerRetention.Infrastructure.Demo;
using CustomerRetention.Infrastructure.Events;
using CustomerRetention.Infrastructure.FollowUps;
using CustomerRetention.Infrastructure.Imports;
using CustomerRetention.Infrastructure.Persistence;
using CustomerRetention.Infrastructure.Segmentation;
using CustomerRetention.Infrastructure.Value;
using CustomerRetention.Infrastructure.Alerts;
using CustomerRetention.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The cursor key of the Development environment only; every other environment must set <c>Pagination:CursorKey</c>.</summary>
    public const string DevelopmentCursorKey = "customer-retention-development-cursor-key";

    /// <summary>The shortest <c>Pagination:CursorKey</c> accepted outside Development.</summary>
    public const int MinimumCursorKeyLength = 32;

    /// <param name="services">The container.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="isDevelopment">
    /// True in the Development environment, the only one that may run on the public development
    /// cursor key; elsewhere a missing or weak <c>Pagination:CursorKey</c> stops the start-up.
    /// </param>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured (environment: ConnectionStrings__Postgres).");

        // The deployment time zone (SPEC §9): read here so an invalid Crm:TimeZone stops the start-up, naming the setting.
        services.AddSingleton(DeploymentTimeZone.Read(configuration[DeploymentTimeZone.Setting]));
        services.AddSingleton<IDeploymentCalendar, DeploymentCalendar>();
        services.AddSingleton<DatabaseAvailability>();
        services.AddSingleton<DatabaseAvailabilityInterceptor>();
        services.AddDbContext<AppDbContext>((provider, options) =>
        {
            ConfigureDbContext(options, connectionString);
            options.AddInterceptors(provider.GetRequiredService<DatabaseAvailabilityInterceptor>());
        });
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddScoped<UnitOfWorkEvents>();
        services.AddScoped<PendingIdempotencyKey>();
        services.AddScoped<IdempotencyKeys>();
        services.AddSingleton(IdempotencyOptions.Read(configuration["Idempotency:RetentionHours"]));
        services.AddScheduledWork<IdempotencyKeyRetentionJob, IdempotencyKeyRetention>(configuration, IdempotencyOptions.DefaultSchedule);
        services.TryAddScoped<ICurrentActor, SystemActor>();
        services.AddSingleton<ICursorCodec>(new HmacCursorCodec(CursorKey(configuration["Pagination:CursorKey"], isDevelopment)));
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<CustomerRetention.Application.Value.IAnalyticsEngine, Value.AnalyticsEngine>();

        // The job kinds (docs/decisions/0013-one-job-kit.md). Before the kit both read the Rfm
        // section, which stays an alias of each kind's Jobs:<Kind> section.
        services.AddJob<RfmEngine, RfmRunJob>(configuration, legacySection: "Rfm", workerAlias: "Rfm");
        services.AddJob<ClvEngine, ClvModelJob>(configuration, legacySection: "Rfm", workerAlias: "Clv");
        services.AddJob<ImportEngine, ImportsJob>(configuration);
        services.AddJob<FollowUpEngine, FollowUpRunJob>(configuration, defaultSchedule: FollowUpRunJob.DefaultSchedule);
        services.AddEventReaction<AlertTaskReaction>(
            TimeSpan.FromSeconds(JobOptions.Read(configuration, FollowUpRunJob.Name, null, null).PollSeconds),
            enabled: !string.Equals(configuration["FollowUps:ReactToAlerts"], "false", StringComparison.OrdinalIgnoreCase));
        services.AddSingleton(ImportSettings.Read(configuration["Imports:MaxBytes"], configuration["Imports:ChunkRows"]));
        services.AddScoped<IImportUploads, ImportUploads>();
        services.AddSingleton(new EventRetentionOptions(RetentionDays(configuration["Events:RetentionDays"])));
        services.AddScheduledWork<EventRetentionJob, EventRetention>(configuration, EventRetentionOptions.DefaultSchedule);

        services.AddScoped<CustomerRetention.Application.Surveys.ISurveyAnalytics, Surveys.SurveyAnalytics>();
        services.AddScoped<CustomerRetention.Application.Surveys.Contracts.IAutomatedSurveySends, Surveys.AutomatedSurveySends>();
        services.AddScheduledWork<CustomerRetention.Application.Surveys.SurveyExpiryJob, Surveys.SurveyExpiry>(configuration, CustomerRetention.Application.Surveys.SurveyExpiryJob.DefaultSchedule);

        services.AddScheduledWork<CustomerRetention.Application.Cases.SlaTickJob, Cases.SlaTick>(configuration, CustomerRetention.Application.Cases.SlaTickJob.DefaultSchedule);

        services.AddWebhooks(configuration);
        services.AddAlerts(configuration);

        services.AddHealthChecks().AddCheck<MigrationsHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary><c>Events:RetentionDays</c>: a whole number of days, at least 1 (default 30).</summary>
    public static int RetentionDays(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return EventRetentionOptions.DefaultDays;
        }

        return int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && days >= 1
            ? days
            : throw new InvalidOperationException($"Events:RetentionDays must be a whole number of days, at least 1 (got '{configured}').");
    }

    /// <summary>The key that signs list cursors; see <see cref="AddInfrastructure"/>.</summary>
    public static string CursorKey(string? configured, bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return isDevelopment
                ? DevelopmentCursorKey
                : throw new InvalidOperationException(
                    "Pagination:CursorKey is not set (environment variable Pagination__CursorKey). Outside the Development environment "
                    + $"the API needs its own secret of at least {MinimumCursorKeyLength} characters to sign list cursors, the same on every instance; "
                    + "for example: openssl rand -base64 48.");
        }

        if (!isDevelopment && (configured.Length < MinimumCursorKeyLength || configured == DevelopmentCursorKey))
        {
            throw new InvalidOperationException(
                $"Pagination:CursorKey must be a secret of at least {MinimumCursorKeyLength} characters outside the Development environment, "
                + "and not the public development key (for example: openssl rand -base64 48).");
        }

        return configured;
    }

    /// <summary>
    /// Npgsql with the migrations history table. EF Core's own error logs of a failed connection,
    /// query or save are lowered to Debug: the exception reaches the API's exception handler or a
    /// job engine, which logs it once (an Error with the trace or job id, or one Warning for a
    /// database outage) instead of a stack trace per request and per worker poll.
    /// </summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
}
