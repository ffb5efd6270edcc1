using CustomerRetention.Application.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Infrastructure.Webhooks;

public static class WebhookRegistration
{
    /// <summary>The <c>Webhooks:*</c> settings, the SSRF guard, the sender and (unless <c>Webhooks:Worker</c> is false) the delivery worker.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = WebhookSettings.Read(key => configuration[key]);
        services.AddSingleton(settings);
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<IWebhookAddressGuard>(sp => sp.GetRequiredService<WebhookAddressGuard>());
        services.AddSingleton<WebhookSender>();
        services.AddScoped<WebhookDeliveryStore>();
        if (settings.Worker)
        {
            services.AddHostedService<WebhookDeliveryWorker>();
        }

        return services;
    }
}
