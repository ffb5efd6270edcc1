using CustomerRetention.ArchitectureTests.Fixtures.Alpha.UsesInternals;
using NetArchTest.Rules;
using static CustomerRetention.ArchitectureTests.ModuleRules;

namespace CustomerRetention.ArchitectureTests;

/// <summary>
/// Module boundaries of ARCHITECTURE.md §2a: a module of the Application or the Api uses another
/// module only through that module's <c>Contracts</c> namespace.
/// </summary>
public sealed class ModuleBoundaryTests
{
    /// <summary>
    /// Crossings that need a rewrite to go through Contracts or events. Each entry names the later
    /// item of issue #10 that removes it; add none without one.
    /// </summary>
    internal static IReadOnlyList<AllowedCrossing> AllowList { get; } =
    [
        // The lifecycle stage is state of the Customer aggregate (customer.TransitionTo, the stage
        // columns of the customers table), and customers carry their stage (dto, filter, initial
        // stage). Removed when the lifecycle vocabulary (LifecycleStage, LifecycleGraph) moves into
        // a Lifecycle contract of the Domain and the stage into Lifecycle-owned state: not an item of #10 yet.
        new($"{App}.Customers", "Lifecycle", "follow-up: Domain contracts for the lifecycle vocabulary"),
        new($"{App}.Lifecycle.TransitionCustomer.TransitionCustomerHandler", "Customers", "follow-up: stage as Lifecycle-owned state"),
        new($"{App}.Lifecycle.MoveOnPurchase.MoveOnPurchaseHandler", "Customers", "follow-up: stage as Lifecycle-owned state"),
        new($"{App}.Lifecycle.GetCustomerLifecycle.GetCustomerLifecycleHandler", "Customers", "follow-up: stage as Lifecycle-owned state"),

        // An import row is checked and normalised by the single create's own code (its command,
        // validator and profile), as SPEC §10.2 asks, not by a copy of its rules.
        new($"{App}.Imports", "Customers", "follow-up: the create's row rules (command, validator, profile) in Customers.Contracts"),
        new($"{App}.Imports", "Lifecycle", "follow-up: Domain contracts for the lifecycle vocabulary"),

        // An alert rule's scope names lifecycle stages (SPEC §9.1).
        new($"{App}.Alerts", "Lifecycle", "follow-up: Domain contracts for the lifecycle vocabulary"),
        // Likewise an order row: the batch item, its validator, OrderWrites.DetailsOf and OrderDto
        // (the order.created state), the single order's own code.
        new($"{App}.Imports", "Orders", "follow-up: the batch item's row rules (item, validator, details, dto) in Orders.Contracts"),

        // "Of a live customer" is checked inside the same SQL statement (a join or EXISTS on the
        // customers table) rather than by a second round trip through Customers.Contracts.
        new($"{App}.Interactions.InteractionLookup", "Customers", "follow-up: a live-customers query in Customers.Contracts"),
        new($"{App}.Orders.OrderLookup", "Customers", "follow-up: a live-customers query in Customers.Contracts"),
        new($"{App}.Segmentation.ListSegmentCustomers.SegmentCustomerRows", "Customers", "follow-up: a live-customers query in Customers.Contracts"),

        // Read models over other modules' tables: the timeline merges three modules' rows in one
        // keyset page, the historic value sums orders, the funnel lists the stages. Removed by
        // read queries in those modules' Contracts (or the event log of #10 as the timeline's source).
        new($"{App}.Timeline.GetTimeline.GetTimelineHandler", "Interactions", "follow-up: an Interactions.Contracts page query (or the event log as the timeline source)"),
        new($"{App}.Timeline.GetTimeline.GetTimelineHandler", "Orders", "follow-up: an Orders.Contracts page query (or the event log as the timeline source)"),
        new($"{App}.Timeline.GetTimeline.GetTimelineHandler", "Lifecycle", "follow-up: a Lifecycle.Contracts page query (or the event log as the timeline source)"),
        new($"{App}.Timeline.GetTimeline.GetTimelineHandler", "Alerts", "follow-up: an Alerts.Contracts page query (or the event log as the timeline source)"),
        new($"{App}.Timeline.GetTimeline.GetTimelineHandler", "FollowUps", "follow-up: a FollowUps.Contracts page query (or the event log as the timeline source)"),
        new($"{App}.Timeline.GetTimeline.GetTimelineHandler", "Cases", "follow-up: a Cases.Contracts page query (or the event log as the timeline source)"),
        new($"{App}.Value.GetCustomerValue.GetCustomerValueHandler", "Orders", "follow-up: an order-totals query in Orders.Contracts"),
        new($"{App}.Value.GetLifecycleFunnel.GetLifecycleFunnelHandler", "Lifecycle", "follow-up: Domain contracts for the lifecycle vocabulary"),
    ];

    private const string App = "CustomerRetention.Application";

    private static readonly ModuleMap Fixtures = new(
        [typeof(ModuleBoundaryTests).Assembly],
        ["CustomerRetention.ArchitectureTests.Fixtures"],
        ["CustomerRetention.ArchitectureTests.Fixtures"],
        ["Alpha", "Beta"]);

    [Fact]
    public void Every_module_has_a_folder_in_the_application_and_the_api()
    {
        var namespaces = Production.Assemblies.SelectMany(a => a.GetTypes()).Select(t => t.Namespace).ToHashSet();

        foreach (var root in Production.SourceRoots)
        {
            foreach (var module in Modules)
            {
                Assert.True(namespaces.Any(ns => ns == $"{root}.{module}" || ns?.StartsWith($"{root}.{module}.", StringComparison.Ordinal) == true), $"{root}.{module} has no types");
            }
        }
    }

    [Fact]
    public void A_module_uses_another_module_only_through_its_contracts()
    {
        var violations = BoundaryViolations(Production, AllowList);

        Assert.True(violations.Count == 0, "Module boundaries crossed:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_allow_list_entry_is_still_needed()
    {
        var crossings = BoundaryViolations(Production, []);

        var stale = AllowList.Where(a => !crossings.Any(c => c.StartsWith(a.Source, StringComparison.Ordinal) && c.EndsWith("→ " + a.TargetModule, StringComparison.Ordinal))).ToList();

        Assert.True(stale.Count == 0, "Allow-list entries that no longer match a crossing: " + string.Join(", ", stale));
    }

    [Fact]
    public void The_boundary_rule_reports_a_module_using_a_non_contracts_type_of_another()
    {
        var violations = BoundaryViolations(Fixtures, []);

        // Alpha.UsesInternals reads Beta.Internals (reported); Alpha.UsesContracts reads Beta.Contracts (not).
        Assert.Equal([$"{typeof(ReadsBetaInternals).FullName} → Beta"], violations);
    }

    [Fact]
    public void The_boundary_rule_accepts_a_crossing_on_the_allow_list()
    {
        var allowed = new AllowedCrossing(typeof(ReadsBetaInternals).Namespace!, "Beta", "a test");

        Assert.Empty(BoundaryViolations(Fixtures, [allowed]));
    }

    [Theory]
    [InlineData("Interactions", "Customers")]
    [InlineData("Customers", "Segmentation")]
    [InlineData("Timeline", "Orders")]
    public void Modules_do_use_each_other_through_contracts(string module, string used)
    {
        // Guards the rule against passing vacuously: the allowed path is really taken.
        var users = Types.InAssembly(Layers.Application)
            .That().ResideInNamespace($"CustomerRetention.Application.{module}")
            .And().HaveDependencyOn($"CustomerRetention.Application.{used}.Contracts")
            .GetTypes();

        Assert.NotEmpty(users);
    }
}
