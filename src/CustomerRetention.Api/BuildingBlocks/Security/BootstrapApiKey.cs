using CustomerRetention.Application.Access.EnsureBootstrapApiKey;
using CustomerRetention.Domain.Access;
using Mediator;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// <c>Auth:BootstrapApiKey</c>: when set, an admin API key with exactly that text exists (created
/// at start-up if missing, listed and revocable like any key), so a new installation — and
/// <c>build/run.sh</c> — has a first credential without a database step.
/// </summary>
public static class BootstrapApiKey
{
    /// <summary>The configured key, or null; one shorter than <see cref="ApiKeySecret.MinimumLength"/> stops the start-up.</summary>
    public static string? Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = configuration["Auth:BootstrapApiKey"]?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        return key.Length >= ApiKeySecret.MinimumLength
            ? key
            : throw new InvalidOperationException($"Auth:BootstrapApiKey must be at least {ApiKeySecret.MinimumLength} characters (for example: cr_ followed by random text).");
    }

    /// <summary>Creates the configured key unless it exists (run after the migrations).</summary>
    public static async Task EnsureBootstrapApiKeyAsync(this IServiceProvider services, IConfiguration configuration)
    {
        if (Read(configuration) is not { } key)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new EnsureBootstrapApiKeyCommand(key));
    }
}
