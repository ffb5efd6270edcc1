using CustomerRetention.ArchitectureTests.Fixtures.Alpha;
using CustomerRetention.ArchitectureTests.Fixtures.Alpha.DoOther;
using CustomerRetention.ArchitectureTests.Fixtures.Alpha.DoThing;
using CustomerRetention.ArchitectureTests.Fixtures.Alpha.Packed;
using Mediator;
using NetArchTest.Rules;
using static CustomerRetention.ArchitectureTests.ModuleRules;

namespace CustomerRetention.ArchitectureTests;

/// <summary>One folder per use case (ARCHITECTURE.md §2, §2a): <c>Application/&lt;Module&gt;/&lt;UseCase&gt;/</c>.</summary>
public sealed class UseCaseFolderTests
{
    private const string Application = "CustomerRetention.Application";

    private const string FixtureRoot = "CustomerRetention.ArchitectureTests.Fixtures";

    private static readonly Type[] HandlerInterfaces = [typeof(ICommandHandler<,>), typeof(ICommandHandler<>), typeof(IQueryHandler<,>)];

    /// <summary>Every handler of the Application with the message it handles.</summary>
    private static List<(Type Handler, Type Message)> Handlers() =>
        Types.InAssembly(Layers.Application).That()
            .ImplementInterface(typeof(ICommandHandler<,>))
            .Or().ImplementInterface(typeof(ICommandHandler<>))
            .Or().ImplementInterface(typeof(IQueryHandler<,>))
            .GetTypes()
            .SelectMany(h => h.GetInterfaces()
                .Where(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition()))
                .Select(i => (h, i.GetGenericArguments()[0])))
            .ToList();

    private static List<Type> Messages() =>
        Types.InAssembly(Layers.Application).That()
            .ImplementInterface(typeof(ICommand<>))
            .Or().ImplementInterface(typeof(ICommand))
            .Or().ImplementInterface(typeof(IQuery<>))
            .GetTypes()
            .ToList();

    [Fact]
    public void Every_handler_sits_in_the_folder_of_its_use_case()
    {
        var handlers = Handlers();
        Assert.True(handlers.Count > 30, $"only {handlers.Count} handlers found");

        var violations = UseCaseFolderViolations(handlers, Application, Modules);

        Assert.True(violations.Count == 0, "Handlers outside their use-case folder:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void A_use_case_folder_holds_exactly_one_command_or_query_named_for_it()
    {
        var messages = Messages();
        Assert.True(messages.Count > 30, $"only {messages.Count} commands and queries found");

        var violations = MessagePackingViolations(messages);

        Assert.True(violations.Count == 0, "Use-case folders packing several use cases:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_command_and_query_has_a_handler_in_its_folder()
    {
        var handled = Handlers().Select(h => h.Message).ToHashSet();

        var unhandled = Messages().Where(m => !handled.Contains(m)).Select(m => m.FullName).ToList();

        Assert.True(unhandled.Count == 0, "Without a handler: " + string.Join(", ", unhandled));
    }

    [Fact]
    public void The_folder_rule_accepts_a_handler_in_its_use_case_folder()
    {
        Assert.Empty(UseCaseFolderViolations([(typeof(DoThingHandler), typeof(DoThingQuery))], FixtureRoot, ["Alpha"]));
    }

    [Fact]
    public void The_folder_rule_reports_a_handler_outside_its_use_case_folder()
    {
        // DoOtherHandler sits at the module root, its command in Alpha.DoOther.
        var violations = UseCaseFolderViolations([(typeof(DoOtherHandler), typeof(DoOtherCommand))], FixtureRoot, ["Alpha"]);

        Assert.Single(violations);
        Assert.StartsWith(typeof(DoOtherHandler).FullName!, violations[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_folder_rule_reports_a_use_case_in_a_folder_of_another_name()
    {
        // FirstHandler and FirstQuery sit together, but in Alpha.Packed, not Alpha.First.
        Assert.Single(UseCaseFolderViolations([(typeof(FirstHandler), typeof(FirstQuery))], FixtureRoot, ["Alpha"]));
    }

    [Fact]
    public void The_folder_rule_reports_a_handler_in_a_folder_outside_every_module()
    {
        Assert.Single(UseCaseFolderViolations([(typeof(DoThingHandler), typeof(DoThingQuery))], FixtureRoot, ["Beta"]));
    }

    [Fact]
    public void The_packing_rule_accepts_one_use_case_per_folder()
    {
        Assert.Empty(MessagePackingViolations([typeof(DoThingQuery), typeof(DoOtherCommand)]));
    }

    [Fact]
    public void The_packing_rule_reports_a_folder_with_several_use_cases()
    {
        var violations = MessagePackingViolations([typeof(FirstQuery), typeof(SecondCommand), typeof(DoThingQuery)]);

        Assert.Contains($"{typeof(FirstQuery).Namespace} holds FirstQuery, SecondCommand", violations);
        Assert.DoesNotContain(violations, v => v.Contains(nameof(DoThingQuery), StringComparison.Ordinal));
    }

    [Fact]
    public void The_use_case_of_a_message_is_its_name_without_the_suffix()
    {
        Assert.Equal("StartRfmRun", UseCaseOf(typeof(Application.Segmentation.StartRfmRun.StartRfmRunCommand)));
        Assert.Equal("GetSegmentMap", UseCaseOf(typeof(Application.Segmentation.GetSegmentMap.GetSegmentMapQuery)));
    }

    [Fact]
    public void Every_event_handler_sits_in_the_folder_of_its_reaction()
    {
        var handlers = Types.InAssembly(Layers.Application).That()
            .ImplementInterface(typeof(CustomerRetention.Application.BuildingBlocks.Events.IDomainEventHandler<>))
            .GetTypes()
            .ToList();
        Assert.NotEmpty(handlers);

        var violations = ReactionFolderViolations(handlers, Application, Modules);

        Assert.True(violations.Count == 0, "Event handlers outside their reaction folder:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_reaction_rule_reports_a_handler_not_named_for_its_folder()
    {
        var violations = ReactionFolderViolations(
            [typeof(Fixtures.Alpha.ReactsToBeta.ReactsToBetaHandler), typeof(Fixtures.Alpha.ReactsToBeta.MisnamedHandler)],
            FixtureRoot,
            ["Alpha", "Beta"]);

        Assert.Equal([$"{typeof(Fixtures.Alpha.ReactsToBeta.MisnamedHandler).FullName} (expected {FixtureRoot}.<Module>.<Reaction>.<Reaction>Handler)"], violations);
    }
}
