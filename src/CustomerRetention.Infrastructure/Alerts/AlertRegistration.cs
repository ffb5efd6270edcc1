using CustomerRetention.Application.Alerts;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Infrastructure.Alerts;

public static class AlertRegistration
{
    /// <summary>
    /// The alert evaluation job (<c>Jobs:Alerts:*</c>, daily at 02:00 unless <c>Jobs:Alerts:Schedule</c>
    /// says otherwise), the dry-run, and the zone of local dates (<c>Crm:TimeZone</c>, IANA, default UTC).
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        var zone = string.IsNullOrWhiteSpace(configuration["Crm:TimeZone"]) ? "UTC" : configuration["Crm:TimeZone"]!.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw new InvalidOperationException($"Crm:TimeZone '{zone}' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).");
        }

        var timeout = int.TryParse(configuration["Alerts:DryRunTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 300;
        services.AddSingleton(new AlertOptions(zone, timeout));
        services.AddScoped<IAlertDryRun, AlertDryRun>();
        services.AddJob<AlertEvaluationEngine, AlertEvaluationJob>(configuration, defaultSchedule: AlertEvaluationJob.DefaultSchedule);
        services.AddScoped<SegmentEnteredReaction>();
        if (!string.Equals(configuration["Alerts:ReactToRfmRuns"], "false", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHostedService<SegmentEnteredReactionWorker>();
        }

        return services;
    }
}
