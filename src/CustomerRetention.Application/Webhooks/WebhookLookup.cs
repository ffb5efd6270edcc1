using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Webhooks;

internal static class WebhookLookup
{
    /// <summary>A subscription for update, or 404; a stale <c>If-Match</c> is 412.</summary>
    public static async Task<Webhook> FindAsync(IApplicationDbContext db, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, cancellationToken)
            ?? throw new NotFoundException("Webhook", id);
        return expectedVersion is { } expected && expected != webhook.Version ? throw new PreconditionFailedException() : webhook;
    }

    /// <summary>The position of the newest event: a new or re-enabled subscription receives what comes after it.</summary>
    public static async Task<long> FeedHeadAsync(IApplicationDbContext db, CancellationToken cancellationToken) =>
        await db.Events.MaxAsync(e => (long?)e.Position, cancellationToken) ?? 0;

    /// <summary>Refuses (400 on <c>url</c>) a URL whose host resolves to an address the guard does not allow.</summary>
    public static async Task CheckAddressAsync(IWebhookAddressGuard guard, string url, CancellationToken cancellationToken)
    {
        if (await guard.RefusalAsync(new Uri(url), cancellationToken) is { } refusal)
        {
            throw new ValidationException([new ValidationFailure("url", refusal)]);
        }
    }
}
