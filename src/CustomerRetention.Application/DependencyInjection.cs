using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Application.Segmentation.StartRfmRun;
using CustomerRetention.Application.Value;
using CustomerRetention.Application.Value.StartClvModel;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerRetention.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers validators, AutoMapper profiles and what each job kind's schedule queues. The Mediator source generator runs in the
    /// composition root (Api), which registers handlers and the validation pipeline behavior.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, string? autoMapperLicenseKey)
    {
        // Error paths and messages use the JSON names of the contract ("address.country"), not C# names.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDomainEventHandlers(typeof(DependencyInjection).Assembly);
        services.AddScoped<IScheduledJob<RfmRunJob>, ScheduledRfmRun>();
        services.AddScoped<IScheduledJob<ClvModelJob>, ScheduledClvModel>();
        services.AddScoped<IScheduledJob<Alerts.AlertEvaluationJob>, Alerts.StartAlertEvaluation.ScheduledAlertEvaluations>();
        services.AddScoped<IScheduledJob<FollowUps.FollowUpRunJob>, FollowUps.StartFollowUpRun.ScheduledFollowUpRun>();
        services.AddScoped<FollowUps.TaskViews>();
        services.AddScoped<ServiceLevels.Contracts.ISlaPolicies, ServiceLevels.SlaPolicyTerms>();
        services.AddScoped<Cases.CaseSlaPlans>();
        services.AddScoped<Imports.CustomerImportRows>();
        services.AddScoped<Imports.OrderImportRows>();
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddAutoMapper(
            cfg =>
            {
                cfg.LicenseKey = autoMapperLicenseKey;
                cfg.AllowNullCollections = true; // an absent list (a queued run's segment map) stays null
            },
            typeof(DependencyInjection).Assembly);
        return services;
    }
}
