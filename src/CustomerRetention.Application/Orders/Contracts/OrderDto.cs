using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.Orders;

namespace CustomerRetention.Application.Orders.Contracts;

/// <summary>An order as the API returns it.</summary>
public sealed record OrderDto
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public string? ExternalId { get; init; }

    public DateTimeOffset OrderedAt { get; init; }

    public OrderStatus Status { get; init; }

    public decimal Amount { get; init; }

    public string Currency { get; init; } = string.Empty;

    public IReadOnlyList<OrderItemDto> Items { get; init; } = [];

    public OrderChannel? Channel { get; init; }

    public string? Notes { get; init; }

    /// <summary>When the order was cancelled or refunded.</summary>
    public DateTimeOffset? StatusChangedAt { get; init; }

    public string? StatusReason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(Version);

    [JsonIgnore]
    public uint Version { get; init; }
}

public sealed record OrderItemDto(string Sku, string? Name, string? Category, int Quantity, decimal UnitPrice);
