namespace CustomerRetention.Infrastructure.Webhooks;

/// <summary>
/// How far the delivery worker has fanned the event log out for one subscription (a row of
/// <c>webhook_cursors</c>, written only by SQL). Kept apart from the subscription so the worker's
/// progress does not change the subscription's version (its ETag).
/// </summary>
public sealed class WebhookCursor
{
    private WebhookCursor()
    {
    }

    public Guid WebhookId { get; private set; }

    /// <summary>The last event position examined for the subscription.</summary>
    public long Position { get; private set; }
}
