using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Domain.Tests.Lifecycle;

public sealed class CustomerLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>SPEC §3, written out independently of <see cref="LifecycleGraph"/>.</summary>
    private static readonly (LifecycleStage From, LifecycleStage[] To)[] SpecTable =
    [
        (LifecycleStage.Awareness, [LifecycleStage.Interest, LifecycleStage.Churned]),
        (LifecycleStage.Interest, [LifecycleStage.Decision, LifecycleStage.Awareness, LifecycleStage.Churned]),
        (LifecycleStage.Decision, [LifecycleStage.Retention, LifecycleStage.Interest, LifecycleStage.Churned]),
        (LifecycleStage.Retention, [LifecycleStage.Expansion, LifecycleStage.Contraction, LifecycleStage.Churned]),
        (LifecycleStage.Expansion, [LifecycleStage.Retention, LifecycleStage.Contraction, LifecycleStage.Churned]),
        (LifecycleStage.Contraction, [LifecycleStage.Retention, LifecycleStage.Expansion, LifecycleStage.Churned]),
        (LifecycleStage.Churned, [LifecycleStage.Retention, LifecycleStage.Awareness]),
    ];

    private static Customer NewCustomer(LifecycleStage stage = LifecycleStage.Awareness) => Customer.Create(
        new CustomerProfile(CustomerType.Individual, "Pat", null, null, null, null, null, null, [], new Dictionary<string, object>(), null, Consent.None),
        stage,
        Start,
        Start.AddDays(1));

    [Fact]
    public void The_graph_is_exactly_the_table_of_the_specification()
    {
        Assert.Equal(SpecTable.Select(r => r.From), LifecycleGraph.Stages);
        foreach (var (from, to) in SpecTable)
        {
            Assert.Equal(to.Order(), LifecycleGraph.AllowedFrom(from).Order());
        }
    }

    [Fact]
    public void Create_records_the_initial_stage_as_an_imported_first_entry_when_back_dated()
    {
        var customer = NewCustomer(LifecycleStage.Decision);

        var first = Assert.Single(customer.Transitions);
        Assert.Null(first.FromStage);
        Assert.Equal(LifecycleStage.Decision, first.ToStage);
        Assert.Equal(Start, first.OccurredAt);
        Assert.Equal(TransitionSource.Import, first.Source);
        Assert.Equal(customer.Id, first.CustomerId);
    }

    [Fact]
    public void Every_pair_of_stages_is_allowed_exactly_when_the_table_says_so()
    {
        foreach (var (from, allowed) in SpecTable)
        {
            foreach (var to in LifecycleGraph.Stages)
            {
                var customer = NewCustomer(from);
                var now = Start.AddDays(2);
                if (allowed.Contains(to))
                {
                    var transition = customer.TransitionTo(to, "because", null, "tester", now);
                    Assert.Equal(from, transition.FromStage);
                    Assert.Equal(to, customer.LifecycleStage);
                    Assert.Equal(now, customer.StageEnteredAt);
                }
                else
                {
                    var error = Assert.Throws<DomainException>(() => customer.TransitionTo(to, "because", null, "tester", now));
                    Assert.Equal("lifecycle-transition-not-allowed", error.Code);
                    Assert.Equal(allowed.Select(s => s.ToString().ToLowerInvariant()).Order(), ((string[])error.Details["allowedTransitions"]!).Order());
                    Assert.Equal(from, customer.LifecycleStage);
                    Assert.Single(customer.Transitions);
                }
            }
        }
    }

    [Fact]
    public void Churning_needs_a_reason()
    {
        var customer = NewCustomer();
        var error = Assert.Throws<DomainValidationException>(() => customer.TransitionTo(LifecycleStage.Churned, " ", null, "t", Start.AddDays(2)));
        Assert.Equal("reason", error.Member);
        Assert.Equal(LifecycleStage.Awareness, customer.LifecycleStage);
    }

    [Fact]
    public void A_transition_cannot_be_dated_before_the_previous_one_or_in_the_future()
    {
        var customer = NewCustomer();
        var now = Start.AddDays(10);

        Assert.Equal("occurredAt", Assert.Throws<DomainValidationException>(() => customer.TransitionTo(LifecycleStage.Interest, null, Start.AddTicks(-10), "t", now)).Member);
        Assert.Equal("occurredAt", Assert.Throws<DomainValidationException>(() => customer.TransitionTo(LifecycleStage.Interest, null, now.AddSeconds(1), "t", now)).Member);
        var sameInstant = customer.TransitionTo(LifecycleStage.Interest, null, Start, "t", now);
        Assert.Equal(Start, sameInstant.OccurredAt);
    }

    [Theory]
    [InlineData(LifecycleStage.Awareness, "first purchase")]
    [InlineData(LifecycleStage.Interest, "first purchase")]
    [InlineData(LifecycleStage.Decision, "first purchase")]
    [InlineData(LifecycleStage.Churned, "win-back")]
    public void A_completed_order_moves_prospects_and_churned_customers_to_retention(LifecycleStage stage, string reason)
    {
        var customer = NewCustomer(stage);
        var orderedAt = Start.AddDays(3);

        var transition = customer.RecordCompletedOrder(orderedAt, Start.AddDays(4));

        Assert.NotNull(transition);
        Assert.Equal(LifecycleStage.Retention, customer.LifecycleStage);
        Assert.Equal(TransitionSource.Automatic, transition.Source);
        Assert.Equal(Customer.SystemActor, transition.Actor);
        Assert.Equal(reason, transition.Reason);
        Assert.Equal(orderedAt, transition.OccurredAt);
    }

    [Theory]
    [InlineData(LifecycleStage.Retention)]
    [InlineData(LifecycleStage.Expansion)]
    [InlineData(LifecycleStage.Contraction)]
    public void A_completed_order_leaves_active_customers_where_they_are(LifecycleStage stage)
    {
        var customer = NewCustomer(stage);
        Assert.Null(customer.RecordCompletedOrder(Start.AddDays(3), Start.AddDays(4)));
        Assert.Equal(stage, customer.LifecycleStage);
        Assert.Single(customer.Transitions);
    }

    [Fact]
    public void An_order_older_than_the_latest_transition_is_dated_at_that_transition()
    {
        var customer = NewCustomer();
        var decided = Start.AddDays(5);
        customer.TransitionTo(LifecycleStage.Interest, null, decided, "t", decided);

        var transition = customer.RecordCompletedOrder(Start.AddDays(1), Start.AddDays(6));

        Assert.Equal(decided, transition!.OccurredAt);
    }

    [Fact]
    public void An_archived_customer_cannot_change_stage()
    {
        var customer = NewCustomer();
        customer.Archive(Start.AddDays(2));
        Assert.Throws<InvalidOperationException>(() => customer.TransitionTo(LifecycleStage.Interest, null, null, "t", Start.AddDays(3)));
    }
}
