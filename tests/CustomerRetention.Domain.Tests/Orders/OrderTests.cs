using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Orders;

namespace CustomerRetention.Domain.Tests.Orders;

public sealed class OrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static OrderDetails Details(decimal amount, params OrderItem[] items) =>
        new("SO-1", Now.AddHours(-1), OrderStatus.Completed, amount, "USD", items, OrderChannel.Online, null);

    [Fact]
    public void The_amount_must_equal_the_sum_of_quantity_times_unit_price()
    {
        var items = new[] { new OrderItem("A", "Cream", "skin", 2, 12.50m), new OrderItem("B", "Serum", "skin", 1, 30.05m) };

        var order = Order.Create(Guid.CreateVersion7(), Details(55.05m, items), Now);
        Assert.Equal(55.05m, order.Amount);

        var error = Assert.Throws<DomainValidationException>(() => Order.Create(Guid.CreateVersion7(), Details(55.04m, items), Now));
        Assert.Equal("amount", error.Member);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.001)]
    public void Negative_amounts_and_fractions_of_a_cent_are_refused(double amount)
    {
        var error = Assert.Throws<DomainValidationException>(() => Order.Create(Guid.CreateVersion7(), Details((decimal)amount), Now));
        Assert.Equal("amount", error.Member);
    }

    [Fact]
    public void An_order_cannot_be_placed_in_the_future()
    {
        var details = Details(1m) with { OrderedAt = Now.AddMinutes(1) };
        Assert.Equal("orderedAt", Assert.Throws<DomainValidationException>(() => Order.Create(Guid.CreateVersion7(), details, Now)).Member);
    }

    [Theory]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Refunded)]
    public void A_completed_order_can_be_cancelled_or_refunded_and_the_change_is_recorded(OrderStatus status)
    {
        var order = Order.Create(Guid.CreateVersion7(), Details(10m), Now);
        order.ChangeStatus(status, "customer asked", Now.AddDays(1));

        Assert.Equal(status, order.Status);
        Assert.Equal(Now.AddDays(1), order.StatusChangedAt);
        Assert.Equal("customer asked", order.StatusReason);
        Assert.False(order.IsCompleted);
    }

    [Theory]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Refunded)]
    [InlineData(OrderStatus.Refunded, OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Completed)]
    public void Other_status_changes_are_refused(OrderStatus first, OrderStatus then)
    {
        var order = Order.Create(Guid.CreateVersion7(), Details(10m), Now);
        order.ChangeStatus(first, null, Now);

        var error = Assert.Throws<DomainException>(() => order.ChangeStatus(then, null, Now.AddDays(1)));
        Assert.Equal(Order.StatusChangeNotAllowedCode, error.Code);
        Assert.Equal(first, order.Status);
    }

    [Fact]
    public void A_recorded_order_matches_the_same_details_and_refuses_a_different_customer_time_amount_items_or_channel()
    {
        var customer = Guid.CreateVersion7();
        var items = new[] { new OrderItem("A", "Cream", "skin", 2, 5m) };
        var order = Order.Create(customer, Details(10m, items), Now);

        order.EnsureSameRecord(customer, Details(10.00m, items), itemsGiven: true, channelGiven: true);
        order.EnsureSameRecord(customer, Details(10m) with { Channel = null }, itemsGiven: false, channelGiven: false);

        string Refused(Guid who, OrderDetails details) =>
            (string)Assert.Throws<DomainException>(() => order.EnsureSameRecord(who, details, itemsGiven: true, channelGiven: true)).Details["field"]!;
        Assert.Equal("customerId", Refused(Guid.CreateVersion7(), Details(10m, items)));
        Assert.Equal("orderedAt", Refused(customer, Details(10m, items) with { OrderedAt = Now.AddHours(-2) }));
        Assert.Equal("amount", Refused(customer, Details(12m, new OrderItem("A", "Cream", "skin", 2, 6m))));
        Assert.Equal("items", Refused(customer, Details(10m, new OrderItem("A", "Cream", "skin", 1, 10m))));
        Assert.Equal("channel", Refused(customer, Details(10m, items) with { Channel = OrderChannel.Store }));
    }

    [Fact]
    public void The_same_notes_change_nothing()
    {
        var order = Order.Create(Guid.CreateVersion7(), Details(1m) with { Notes = "Gift wrap" }, Now);
        order.TakeEvents();

        order.ChangeNotes("Gift wrap", Now.AddMinutes(5));

        Assert.Empty(order.TakeEvents());
        Assert.Equal(Now, order.UpdatedAt);
    }
}
