using CustomerRetention.Application.BuildingBlocks.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>A new kind of job is one engine class and one call of <see cref="AddJob{TEngine, TKind}"/>.</summary>
public static class JobRegistration
{
    /// <summary>
    /// Registers the job kind <typeparamref name="TKind"/> computed by <typeparamref name="TEngine"/>:
    /// its settings (<c>Jobs:&lt;Kind&gt;:…</c>, see <see cref="JobOptions.Read"/> for the aliases),
    /// the engine, the kit's runner, the port <see cref="IJobSignal{TKind}"/>, the worker (unless
    /// <c>Worker</c> is false) and the schedule (when <c>Schedule</c> is set, or
    /// <paramref name="defaultSchedule"/> when it is not; "none" turns it off; an invalid expression
    /// stops the start-up, naming the setting).
    /// </summary>
    public static IServiceCollection AddJob<TEngine, TKind>(
        this IServiceCollection services, IConfiguration configuration, string? legacySection = null, string? workerAlias = null, string? defaultSchedule = null)
        where TEngine : class, IJobEngine
        where TKind : IJobKind
    {
        var options = JobOptions.Read(configuration, TKind.Name, legacySection, workerAlias);
        options.Schedule = string.IsNullOrWhiteSpace(options.Schedule) ? defaultSchedule : options.Schedule;
        if (string.Equals(options.Schedule?.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            options.Schedule = null;
        }

        services.AddSingleton(new JobOptions<TKind>(options));
        services.AddScoped<TEngine>();
        services.AddScoped<JobRunner<TEngine, TKind>>();
        services.AddSingleton<JobSignal<TKind>>();
        services.AddSingleton<IJobSignal<TKind>>(sp => sp.GetRequiredService<JobSignal<TKind>>());
        if (options.Worker)
        {
            services.AddHostedService(sp => new JobWorker<TEngine, TKind>(
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<JobSignal<TKind>>(),
                sp.GetRequiredService<JobOptions<TKind>>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(TEngine.Description.WorkerCategory)));
        }

        if (!string.IsNullOrWhiteSpace(options.Schedule))
        {
            JobCron.Parse(TKind.Name, options.Schedule);
            services.AddScoped<JobScheduler<TKind>>();
            services.AddHostedService<JobScheduleWorker<TKind>>();
        }

        return services;
    }

    /// <summary>
    /// Registers scheduled work of kind <typeparamref name="TKind"/> that needs no job row (a
    /// maintenance step such as event retention): <typeparamref name="TWork"/> runs in the
    /// transaction that records the firing, on <c>Jobs:&lt;Kind&gt;:Schedule</c> (default
    /// <paramref name="defaultSchedule"/>; "none" turns it off).
    /// </summary>
    public static IServiceCollection AddScheduledWork<TKind, TWork>(this IServiceCollection services, IConfiguration configuration, string defaultSchedule)
        where TKind : IJobKind
        where TWork : class, IScheduledJob<TKind>
    {
        var options = JobOptions.Read(configuration, TKind.Name, null, null);
        options.Schedule = string.IsNullOrWhiteSpace(options.Schedule) ? defaultSchedule : options.Schedule;
        services.AddScoped<IScheduledJob<TKind>, TWork>();
        if (string.Equals(options.Schedule.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        JobCron.Parse(TKind.Name, options.Schedule);
        services.AddSingleton(new JobOptions<TKind>(options));
        services.AddScoped<JobScheduler<TKind>>();
        services.AddHostedService<JobScheduleWorker<TKind>>();
        return services;
    }
}
