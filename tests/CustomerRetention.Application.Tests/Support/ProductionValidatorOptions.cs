using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Application.Tests.Support;

/// <summary>
/// Applies the application's registration once, so validators name properties the way the
/// production configuration does (camelCase JSON paths).
/// </summary>
internal static class ProductionValidatorOptions
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        new ServiceCollection().AddApplication(null);
        return true;
    });

    public static void EnsureConfigured() => _ = Configured.Value;
}
