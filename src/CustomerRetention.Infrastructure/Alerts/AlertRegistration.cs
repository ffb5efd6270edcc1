using CustomerRetention.Application.Alerts;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Infrastructure.Alerts;

public static class AlertRegistration
{
    /// <summary>
    /// The alert evaluation job (<c>Jobs:Alerts:*</c>, daily at 02:00 unless <c>Jobs:Alerts:Schedule</c>
    /// says otherwise) and the dry-run (<c>Alerts:DryRunTimeoutSeconds</c>, default 300); local dates
    /// are in the deployment's zone (<c>Crm:TimeZone</c>, <see cref="Application.BuildingBlocks.Calendar.IDeploymentCalendar"/>);
    /// the background reactions of <c>segment-entered</c> (<c>Alerts:ReactToRfmRuns</c>) and of the
    /// event kinds (<c>Alerts:ReactToEvents</c>), both on unless set to <c>false</c>, polling every
    /// <c>Jobs:Alerts:PollSeconds</c>.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = int.TryParse(configuration["Alerts:DryRunTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 300;
        services.AddSingleton(new AlertOptions(timeout));
        services.AddScoped<IAlertDryRun, AlertDryRun>();
        services.AddJob<AlertEvaluationEngine, AlertEvaluationJob>(configuration, defaultSchedule: AlertEvaluationJob.DefaultSchedule);
        var job = JobOptions.Read(configuration, AlertEvaluationJob.Name, null, null);
        var poll = TimeSpan.FromSeconds(job.PollSeconds);
        services.AddEventReaction<SegmentEnteredReaction>(poll, enabled: !string.Equals(configuration["Alerts:ReactToRfmRuns"], "false", StringComparison.OrdinalIgnoreCase));
        services.AddSingleton(new EventAlertOptions(job.CommandTimeoutSeconds));
        services.AddEventReaction<EventAlertReaction>(poll, enabled: !string.Equals(configuration["Alerts:ReactToEvents"], "false", StringComparison.OrdinalIgnoreCase));
        return services;
    }
}
