using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Orders;

namespace CustomerRetention.Application.Orders;

/// <summary>The event-log data of the order events: the order as the API returns it (a status change also says from and to).</summary>
internal sealed class OrderEventData(IMapper mapper)
    : IEventData<OrderRecorded>, IEventData<OrderStatusChanged>, IEventData<OrderUpdated>
{
    public object DataOf(OrderRecorded domainEvent) => new CreatedData<JsonObject>(EventState.Of(mapper.Map<OrderDto>(domainEvent.Order)));

    public object DataOf(OrderStatusChanged domainEvent) => new StatusChangedData(
        ApiJson.EnumValue(domainEvent.From),
        ApiJson.EnumValue(domainEvent.Order.Status),
        domainEvent.Order.StatusReason,
        EventState.Of(mapper.Map<OrderDto>(domainEvent.Order)));

    public object DataOf(OrderUpdated domainEvent) =>
        new UpdatedData<JsonObject>(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), EventState.Of(mapper.Map<OrderDto>(domainEvent.Order)));

    /// <summary>The data of <c>order.status-changed</c>.</summary>
    private sealed record StatusChangedData(string From, string To, string? Reason, JsonObject State);
}
