using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;

namespace CustomerRetention.Domain.Tests.Events;

/// <summary>The events the aggregates raise, and the changed-field lists of updates.</summary>
public sealed class AggregateEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CustomerProfile Profile(string name = "Pat", IReadOnlyDictionary<string, object>? attributes = null, IReadOnlyList<string>? tags = null) =>
        new(CustomerType.Individual, name, null, null, null, null, null, null, tags ?? [], attributes ?? new Dictionary<string, object>(), null, Consent.None);

    private static Customer NewCustomer(IReadOnlyDictionary<string, object>? attributes = null, IReadOnlyList<string>? tags = null)
    {
        var customer = Customer.Create(Profile(attributes: attributes, tags: tags), LifecycleStage.Awareness, null, Now);
        customer.TakeEvents();
        return customer;
    }

    [Fact]
    public void Creating_a_customer_raises_customer_created_once()
    {
        var customer = Customer.Create(Profile(), LifecycleStage.Interest, null, Now);

        var created = Assert.IsType<CustomerCreated>(Assert.Single(customer.TakeEvents()));
        Assert.Equal(customer.Id, created.CustomerId);
        Assert.Equal(Now, created.OccurredAt);
        Assert.Empty(customer.TakeEvents());
        Assert.False(customer.HasEvents);
    }

    [Fact]
    public void An_update_names_exactly_the_fields_that_changed()
    {
        var customer = NewCustomer(new Dictionary<string, object> { ["seats"] = 3m }, ["a", "b"]);

        customer.UpdateProfile(Profile("Sam", new Dictionary<string, object> { ["seats"] = 3m }, ["b", "a"]), Now.AddMinutes(1));

        var updated = Assert.IsType<CustomerUpdated>(Assert.Single(customer.TakeEvents()));
        Assert.Equal(["name", "tags"], updated.ChangedFields);
        Assert.Equal(["name", "tags"], updated.Previous.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Pat", updated.Previous["name"]);
        Assert.Equal(["a", "b"], Assert.IsAssignableFrom<IEnumerable<string>>(updated.Previous["tags"]));
    }

    [Fact]
    public void An_update_keeps_the_old_value_of_a_cleared_field_and_of_a_nested_address()
    {
        var address = new Address("Hauptstraße 12", null, "Berlin", null, "10115", "DE");
        var customer = Customer.Create(Profile() with { Company = "Acme", Address = address }, LifecycleStage.Awareness, null, Now);
        customer.TakeEvents();

        customer.UpdateProfile(customer.ToProfile() with { Company = null, Address = address with { Line2 = "3. OG" } }, Now.AddMinutes(1));

        var updated = Assert.IsType<CustomerUpdated>(Assert.Single(customer.TakeEvents()));
        Assert.Equal("Acme", updated.Previous["company"]);
        Assert.Equal(address, updated.Previous["address"]);
    }

    [Fact]
    public void An_update_that_changes_nothing_raises_nothing_even_when_numbers_differ_in_type()
    {
        var customer = NewCustomer(new Dictionary<string, object> { ["seats"] = 3m, ["plan"] = "gold" });

        var updatedAt = customer.UpdatedAt;

        var changed = customer.UpdateProfile(Profile(attributes: new Dictionary<string, object> { ["plan"] = "gold", ["seats"] = 3.0 }), Now.AddMinutes(1));

        Assert.False(changed);
        Assert.Empty(customer.TakeEvents());
        Assert.Equal(updatedAt, customer.UpdatedAt); // nothing to write: a batch reports it as unchanged
    }

    [Fact]
    public void A_changed_attribute_value_is_a_change()
    {
        var customer = NewCustomer(new Dictionary<string, object> { ["seats"] = 3m });

        customer.UpdateProfile(Profile(attributes: new Dictionary<string, object> { ["seats"] = "3" }), Now.AddMinutes(1));

        Assert.Equal(["attributes"], Assert.IsType<CustomerUpdated>(Assert.Single(customer.TakeEvents())).ChangedFields);
    }

    [Fact]
    public void Transitions_and_archives_raise_their_events()
    {
        var customer = NewCustomer();

        var transition = customer.TransitionTo(LifecycleStage.Interest, null, null, "alice", Now.AddMinutes(1));
        customer.Archive(Now.AddMinutes(2));

        var events = customer.TakeEvents();
        Assert.Same(transition, Assert.IsType<StageChanged>(events[0]).Transition);
        var archived = Assert.IsType<CustomerArchived>(events[1]);
        Assert.Equal(customer.Id, archived.CustomerId);
        Assert.Equal(Now.AddMinutes(2), archived.OccurredAt);
    }

    [Fact]
    public void A_purchase_that_moves_nobody_raises_nothing()
    {
        var customer = NewCustomer();
        customer.RecordCompletedOrder(Now, Now);
        customer.TakeEvents();

        Assert.Null(customer.RecordCompletedOrder(Now, Now.AddMinutes(1)));

        Assert.Empty(customer.TakeEvents());
    }

    [Fact]
    public void Orders_raise_recorded_status_changed_and_updated_only_for_real_changes()
    {
        var order = Order.Create(Guid.CreateVersion7(), new OrderDetails(null, Now.AddDays(-1), OrderStatus.Completed, 10m, "EUR", [], null, "n"), Now);
        var recorded = Assert.IsType<OrderRecorded>(Assert.Single(order.TakeEvents()));
        Assert.True(recorded.IsCompleted);
        Assert.Equal(Now.AddDays(-1), recorded.OrderedAt);

        order.ChangeNotes("n", Now.AddMinutes(1));
        order.ChangeStatus(OrderStatus.Completed, null, Now.AddMinutes(1));
        Assert.Empty(order.TakeEvents());

        order.ChangeStatus(OrderStatus.Refunded, "broken", Now.AddMinutes(2));
        order.ChangeNotes("m", Now.AddMinutes(3));
        var events = order.TakeEvents();
        Assert.Equal(OrderStatus.Completed, Assert.IsType<OrderStatusChanged>(events[0]).From);
        Assert.Equal(["notes"], Assert.IsType<OrderUpdated>(events[1]).ChangedFields);
        Assert.Equal("n", Assert.IsType<OrderUpdated>(events[1]).Previous["notes"]);
    }

    [Fact]
    public void Interaction_updates_name_their_changed_fields_and_deletes_are_events()
    {
        var details = new InteractionDetails(InteractionChannel.Phone, InteractionDirection.Inbound, InteractionType.Call, Now.AddHours(-1), null, null, null, null, null, null, null);
        var interaction = Interaction.Create(Guid.CreateVersion7(), details, Now);
        Assert.IsType<InteractionRecorded>(Assert.Single(interaction.TakeEvents()));

        interaction.Update(details, Now.AddMinutes(1));
        Assert.Empty(interaction.TakeEvents());

        interaction.Update(details with { Subject = "Billing", NpsScore = 9 }, Now.AddMinutes(2));
        interaction.Delete("agent", Now.AddMinutes(3));
        var events = interaction.TakeEvents();
        Assert.Equal(["subject", "npsScore"], Assert.IsType<InteractionUpdated>(events[0]).ChangedFields);
        Assert.Equal(new Dictionary<string, object?> { ["subject"] = null, ["npsScore"] = null }, Assert.IsType<InteractionUpdated>(events[0]).Previous);
        Assert.IsType<InteractionDeleted>(events[1]);
    }
}
