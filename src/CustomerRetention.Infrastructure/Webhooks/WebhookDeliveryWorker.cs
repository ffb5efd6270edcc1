using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.Events.Contracts;
using CustomerRetention.Application.Webhooks;
using CustomerRetention.Domain.Webhooks;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Webhooks;

/// <summary>
/// Delivers the event log to the subscriptions, in the background (ADR 0022): one loop fans new
/// events out into deliveries; <c>Webhooks:MaxConcurrency</c> lanes each claim one deliverable
/// delivery at a time (a lease taken with <c>FOR UPDATE SKIP LOCKED</c>, so several instances never
/// send one delivery at once), send it, and record the attempt and what comes next: succeeded on a
/// 2xx, a retry after the next of <c>Webhooks:RetryDelays</c> (with ±10 % jitter), failed after the
/// last one, and on 410 Gone failed with its subscription disabled. Database outages are logged
/// once and waited out, as the job workers do (ADR 9).
/// </summary>
public sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    WebhookSettings settings,
    WebhookSender sender,
    TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    private int _unavailable;

    /// <summary>How long a claim keeps other workers off: the send timeout twice, and a margin for recording.</summary>
    public TimeSpan Lease => (settings.Timeout * 2) + TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, settings.MaxConcurrency).Select(_ => Task.Run(() => LaneAsync(stoppingToken), stoppingToken));
        return Task.WhenAll([Task.Run(() => FanOutLoopAsync(stoppingToken), stoppingToken), .. lanes]);
    }

    private async Task FanOutLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var queued = await GuardAsync(
                async () =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    return await scope.ServiceProvider.GetRequiredService<WebhookDeliveryStore>().FanOutAsync(stoppingToken);
                },
                stoppingToken);
            if (queued < WebhookDeliveryStore.FanOutBatch && !await WaitAsync(stoppingToken))
            {
                return;
            }
        }
    }

    private async Task LaneAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = await GuardAsync(() => DeliverNextAsync(stoppingToken), stoppingToken);
            if (sent == 0 && !await WaitAsync(stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Claims, sends and records one delivery; 0 when none was due.</summary>
    private async Task<int> DeliverNextAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<WebhookDeliveryStore>();
        var claimed = await store.ClaimAsync(Lease, stoppingToken);
        if (claimed is null)
        {
            return 0;
        }

        try
        {
            await DeliverAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), store, claimed, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-send: give the delivery back for another instance (at least once: it may have arrived).
            await store.ReleaseAsync(claimed, CancellationToken.None);
            throw;
        }

        return 1;
    }

    private async Task DeliverAsync(AppDbContext db, WebhookDeliveryStore store, ClaimedDelivery claimed, CancellationToken stoppingToken)
    {
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == claimed.WebhookId, stoppingToken);
        if (webhook is null)
        {
            return; // deleted meanwhile: its deliveries went with it
        }

        var logged = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Position == claimed.EventPosition, stoppingToken);
        var at = clock.GetUtcNow();
        var outcome = logged is null
            ? new AttemptOutcome(null, 0, "The event was removed from the event log by retention before it could be delivered.")
            : await sender.SendAsync(webhook.Url, webhook.SigningSecrets(at), logged.Id, EventPayload.Json(logged), stoppingToken);

        var retries = claimed.Retries;
        string state;
        DateTimeOffset? next = null;
        if (outcome.Succeeded)
        {
            state = "succeeded";
        }
        else if (outcome.Gone || logged is null || retries >= settings.RetryDelays.Count)
        {
            state = "failed";
        }
        else
        {
            state = "pending";
            next = clock.GetUtcNow() + Jittered(settings.RetryDelays[retries]);
            retries++;
        }

        await store.RecordAsync(claimed, at, outcome, state, retries, next, stoppingToken);
        if (!outcome.Succeeded)
        {
            Log.AttemptFailed(logger, claimed.Id, claimed.WebhookId, outcome.Status, state);
        }

        if (outcome.Gone)
        {
            await DisableAsync(claimed.WebhookId, $"The receiver answered 410 Gone at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; set enabled to true to deliver again.", stoppingToken);
        }
    }

    /// <summary>Disables the subscription through its aggregate, so the change is an event like any other (actor <c>system</c>).</summary>
    private async Task DisableAsync(Guid webhookId, string reason, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId, stoppingToken);
            if (webhook is null)
            {
                return;
            }

            webhook.Disable(reason, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(stoppingToken);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Changed at the same moment (a PATCH): read it again.
            }
        }
    }

    private static TimeSpan Jittered(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.9 + (0.2 * Random.Shared.NextDouble()))));

    /// <summary>Runs one step; a database outage is logged once and waited out, anything else logged and retried.</summary>
    private async Task<int> GuardAsync(Func<Task<int>> step, CancellationToken stoppingToken)
    {
        try
        {
            var result = await step();
            if (Interlocked.Exchange(ref _unavailable, 0) == 1)
            {
                Log.DatabaseAvailable(logger);
            }

            return result;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
        {
            if (Interlocked.Exchange(ref _unavailable, 1) == 0)
            {
                Log.DatabaseUnavailable(logger, e.GetBaseException().Message);
            }

            return 0;
        }
#pragma warning disable CA1031 // the worker must survive any failure and try again later
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.LoopFailed(logger, e);
            return 0;
        }
    }

    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(settings.PollInterval, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to subscription {WebhookId} failed (status {Status}); now {State}")]
        public static partial void AttemptFailed(ILogger logger, Guid deliveryId, Guid webhookId, int? status, string state);

        [LoggerMessage(Level = LogLevel.Error, Message = "The webhook delivery loop failed; retrying")]
        public static partial void LoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, webhook delivery waiting: {Reason}")]
        public static partial void DatabaseUnavailable(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Database available again, webhook delivery resumed")]
        public static partial void DatabaseAvailable(ILogger logger);
    }
}
