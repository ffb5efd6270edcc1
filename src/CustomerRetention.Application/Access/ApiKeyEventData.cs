using AutoMapper;
using CustomerRetention.Application.Access.Contracts;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Access;

namespace CustomerRetention.Application.Access;

/// <summary>The event-log data of the API key events: the key as lists show it (never its text or hash).</summary>
internal sealed class ApiKeyEventData(IMapper mapper) : IEventData<ApiKeyCreated>, IEventData<ApiKeyRevoked>
{
    public object DataOf(ApiKeyCreated domainEvent) => new CreatedData<ApiKeyDto>(mapper.Map<ApiKeyDto>(domainEvent.ApiKey));

    public object DataOf(ApiKeyRevoked domainEvent) => new RevokedData(domainEvent.OccurredAt);

    /// <summary>The data of <c>access.api-key-revoked</c>.</summary>
    private sealed record RevokedData(DateTimeOffset RevokedAt);
}
