using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Persistence;

public static class DatabaseMigrations
{
    /// <summary>Applies pending EF Core migrations (used at startup when <c>Database:MigrateOnStartup</c> is true).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations));
        var pending = await db.PendingMigrationsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date");
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// The migrations not yet applied. Asks whether the history table exists first, so a new
    /// database does not log a failed query.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        return await history.ExistsAsync(cancellationToken)
            ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
            : db.Database.GetMigrations().ToList();
    }
}

/// <summary>Readiness: the database answers and no migration is pending.</summary>
internal sealed class MigrationsHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await db.PendingMigrationsAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable, schema up to date.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: {string.Join(", ", pending)}.");
        }
#pragma warning disable CA1031 // any failure to reach the database means "not ready"
        catch (Exception e)
#pragma warning restore CA1031
        {
            // An outage is reported without its stack trace: the health-check service logs every
            // failed probe, and a probe every few seconds should not be a stack trace every few seconds.
            return DatabaseFailures.IsUnavailable(e)
                ? HealthCheckResult.Unhealthy($"Database unreachable: {e.GetBaseException().Message}")
                : HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }
}
