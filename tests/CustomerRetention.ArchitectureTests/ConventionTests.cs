using System.Reflection;
using FluentValidation;
using Mediator;
using NetArchTest.Rules;

namespace CustomerRetention.ArchitectureTests;

/// <summary>The use-case conventions of ARCHITECTURE.md §2 and §3.</summary>
public sealed class ConventionTests
{
    private static Types AllLayers => Types.InAssemblies(Layers.All);

    /// <summary>A name ending with <paramref name="suffix"/>, allowing the generic arity (<c>Foo`1</c>).</summary>
    private static string EndsWith(string suffix) => $"{suffix}(`[0-9]+)?$";

    private static PredicateList Handlers() =>
        AllLayers.That()
            .ImplementInterface(typeof(ICommandHandler<,>))
            .Or().ImplementInterface(typeof(ICommandHandler<>))
            .Or().ImplementInterface(typeof(IQueryHandler<,>));

    private static PredicateList Commands() =>
        AllLayers.That().ImplementInterface(typeof(ICommand<>)).Or().ImplementInterface(typeof(ICommand));

    private static PredicateList Queries() => AllLayers.That().ImplementInterface(typeof(IQuery<>));

    private static PredicateList Validators() => AllLayers.That().Inherit(typeof(AbstractValidator<>));

    private static string Describe(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);

    [Fact]
    public void Handlers_are_public()
    {
        Assert.NotEmpty(Handlers().GetTypes());

        var result = Handlers().Should().BePublic().GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Handlers_are_sealed()
    {
        Assert.NotEmpty(Handlers().GetTypes());

        var result = Handlers().Should().BeSealed().GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Handler_names_end_with_Handler()
    {
        Assert.NotEmpty(Handlers().GetTypes());

        var result = Handlers().Should().HaveNameMatching(EndsWith("Handler")).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Every_kind_of_handler_is_found()
    {
        var handlers = Handlers().GetTypes().ToList();

        Assert.Contains(handlers, t => ImplementsGeneric(t, typeof(ICommandHandler<,>)));
        Assert.Contains(handlers, t => ImplementsGeneric(t, typeof(IQueryHandler<,>)));
    }

    [Fact]
    public void Validator_names_end_with_Validator()
    {
        Assert.NotEmpty(Validators().GetTypes());

        var result = Validators().Should().HaveNameMatching(EndsWith("Validator")).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Command_names_end_with_Command()
    {
        Assert.NotEmpty(Commands().GetTypes());

        var result = Commands().Should().HaveNameMatching(EndsWith("Command")).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Query_names_end_with_Query()
    {
        Assert.NotEmpty(Queries().GetTypes());

        var result = Queries().Should().HaveNameMatching(EndsWith("Query")).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void The_name_rules_report_a_type_with_the_wrong_suffix()
    {
        // The commands do not end with "Query": the same rule over them must fail, or the rule proves nothing.
        var result = Commands().Should().HaveNameMatching(EndsWith("Query")).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.NotEmpty(result.FailingTypeNames);
    }

    [Fact]
    public void The_name_pattern_accepts_generic_arity_but_not_other_endings()
    {
        var pattern = new System.Text.RegularExpressions.Regex(EndsWith("Validator"));

        Assert.Matches(pattern, "CreateCustomerValidator");
        Assert.Matches(pattern, "PageRequestValidator`1");
        Assert.DoesNotMatch(pattern, "ValidatorFactory");
        Assert.DoesNotMatch(pattern, "CustomerRules");
    }

    [Fact]
    public void The_customer_entity_has_no_public_setters()
    {
        var properties = typeof(Domain.Customers.Customer).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        Assert.NotEmpty(properties);

        var publiclySettable = properties.Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();

        Assert.True(publiclySettable.Count == 0, $"Customer has public setters: {string.Join(", ", publiclySettable)}");
    }

    [Fact]
    public void The_customer_entity_has_no_public_fields()
    {
        var fields = typeof(Domain.Customers.Customer).GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Select(f => f.Name)
            .ToList();

        Assert.True(fields.Count == 0, $"Customer has public fields: {string.Join(", ", fields)}");
    }

    [Fact]
    public void The_customer_entity_has_settable_properties_behind_non_public_setters()
    {
        // Guards the setter rule above: the entity's state does have setters, only not public ones.
        var nonPublicSetters = typeof(Domain.Customers.Customer).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: false })
            .Select(p => p.Name)
            .ToList();

        Assert.Contains(nameof(Domain.Customers.Customer.Name), nonPublicSetters);
        Assert.Contains(nameof(Domain.Customers.Customer.UpdatedAt), nonPublicSetters);
    }

    private static bool ImplementsGeneric(Type type, Type openGeneric) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGeneric);
}
