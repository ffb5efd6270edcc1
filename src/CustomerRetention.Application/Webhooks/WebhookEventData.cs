using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.Webhooks.Contracts;
using CustomerRetention.Domain.Webhooks;

namespace CustomerRetention.Application.Webhooks;

/// <summary>The event-log data of the subscription events: the subscription as the API returns it, never a secret.</summary>
internal sealed class WebhookEventData(IMapper mapper)
    : IEventData<WebhookCreated>, IEventData<WebhookUpdated>, IEventData<WebhookSecretRotated>, IEventData<WebhookDisabled>, IEventData<WebhookDeleted>
{
    public object DataOf(WebhookCreated domainEvent) => new CreatedData<JsonObject>(State(domainEvent.Webhook));

    public object DataOf(WebhookUpdated domainEvent) =>
        new UpdatedData<JsonObject>(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), State(domainEvent.Webhook));

    public object DataOf(WebhookSecretRotated domainEvent) => new RotatedData(domainEvent.OccurredAt, domainEvent.Webhook.PreviousSecretExpiresAt);

    public object DataOf(WebhookDisabled domainEvent) => new DisabledData(domainEvent.OccurredAt, domainEvent.Webhook.DisabledReason);

    public object DataOf(WebhookDeleted domainEvent) => new DeletedData(domainEvent.OccurredAt);

    private JsonObject State(Webhook webhook) => EventState.Of(mapper.Map<WebhookDto>(webhook));

    /// <summary>The data of <c>webhook.secret-rotated</c> (no secret).</summary>
    private sealed record RotatedData(DateTimeOffset RotatedAt, DateTimeOffset? PreviousSecretExpiresAt);

    /// <summary>The data of <c>webhook.disabled</c>.</summary>
    private sealed record DisabledData(DateTimeOffset DisabledAt, string? Reason);

    /// <summary>The data of <c>webhook.deleted</c>.</summary>
    private sealed record DeletedData(DateTimeOffset DeletedAt);
}
