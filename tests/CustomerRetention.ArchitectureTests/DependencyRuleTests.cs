using System.Reflection;
using NetArchTest.Rules;

namespace CustomerRetention.ArchitectureTests;

/// <summary>
/// The dependency rule of ARCHITECTURE.md §1: Domain ← Application ← Infrastructure ← Api, the
/// Domain on nothing but the BCL, the Application never on Npgsql, ASP.NET Core or Infrastructure.
/// </summary>
public sealed class DependencyRuleTests
{
    public static TheoryData<string> ForbiddenInDomain =>
    [
        "CustomerRetention.Application",
        "CustomerRetention.Infrastructure",
        "CustomerRetention.Api",
        "Microsoft.EntityFrameworkCore",
        "Microsoft.AspNetCore",
        "Npgsql",
        "Mediator",
        "FluentValidation",
        "AutoMapper",
    ];

    public static TheoryData<string> ForbiddenInApplication =>
    [
        "CustomerRetention.Infrastructure",
        "CustomerRetention.Api",
        "Npgsql",
        "Microsoft.AspNetCore",
    ];

    [Theory]
    [MemberData(nameof(ForbiddenInDomain))]
    public void The_domain_does_not_depend_on(string dependency)
    {
        AssertNoDependency(Layers.Domain, dependency);
    }

    [Theory]
    [MemberData(nameof(ForbiddenInApplication))]
    public void The_application_does_not_depend_on(string dependency)
    {
        AssertNoDependency(Layers.Application, dependency);
    }

    [Fact]
    public void The_infrastructure_does_not_depend_on_the_api()
    {
        AssertNoDependency(Layers.Infrastructure, "CustomerRetention.Api");
    }

    [Theory]
    [MemberData(nameof(ForbiddenInDomain))]
    public void The_domain_assembly_does_not_reference_an_assembly_of(string dependency)
    {
        AssertNoAssemblyReference(Layers.Domain, dependency);
    }

    [Theory]
    [MemberData(nameof(ForbiddenInApplication))]
    public void The_application_assembly_does_not_reference_an_assembly_of(string dependency)
    {
        AssertNoAssemblyReference(Layers.Application, dependency);
    }

    [Fact]
    public void The_infrastructure_assembly_does_not_reference_the_api_assembly()
    {
        AssertNoAssemblyReference(Layers.Infrastructure, "CustomerRetention.Api");
    }

    [Theory]
    [InlineData("CustomerRetention.Application")]
    [InlineData("CustomerRetention.Infrastructure")]
    [InlineData("Microsoft.AspNetCore")]
    public void The_reference_check_reports_the_api_referencing_what_it_uses(string dependency)
    {
        Assert.NotEmpty(ReferencesTo(Layers.Api, dependency));
    }

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Npgsql")]
    public void The_reference_check_reports_the_infrastructure_referencing_what_it_uses(string dependency)
    {
        Assert.NotEmpty(ReferencesTo(Layers.Infrastructure, dependency));
    }

    [Theory]
    [InlineData("CustomerRetention.Application")]
    [InlineData("CustomerRetention.Domain")]
    public void The_checker_reports_the_api_depending_on_inner_layers(string innerLayer)
    {
        var result = Types.InAssembly(Layers.Api).ShouldNot().HaveDependencyOn(innerLayer).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.NotEmpty(result.FailingTypeNames);
    }

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Npgsql")]
    [InlineData("CustomerRetention.Application")]
    public void The_checker_reports_the_infrastructure_depending_on_what_it_uses(string dependency)
    {
        var result = Types.InAssembly(Layers.Infrastructure).ShouldNot().HaveDependencyOn(dependency).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.NotEmpty(result.FailingTypeNames);
    }

    [Fact]
    public void The_checker_reports_the_application_depending_on_the_domain()
    {
        var result = Types.InAssembly(Layers.Application).ShouldNot().HaveDependencyOn("CustomerRetention.Domain").GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void The_checker_does_not_confuse_a_namespace_with_a_longer_one_sharing_its_prefix()
    {
        // "CustomerRetention.Api" is a prefix of "CustomerRetention.Application" as a string; the
        // Infrastructure uses the Application heavily, so a naive check would report it here.
        var result = Types.InAssembly(Layers.Infrastructure).ShouldNot().HaveDependencyOn("CustomerRetention.Api").GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Every_layer_has_types_to_inspect()
    {
        foreach (var assembly in Layers.All)
        {
            Assert.True(
                Types.InAssembly(assembly).GetTypes().Count(t => t.Namespace?.StartsWith("CustomerRetention.", StringComparison.Ordinal) == true) > 5,
                $"{assembly.GetName().Name} has almost no types: the rules over it would pass vacuously.");
        }
    }

    private static void AssertNoDependency(Assembly assembly, string dependency)
    {
        var types = Types.InAssembly(assembly);
        Assert.NotEmpty(types.GetTypes());

        var result = types.ShouldNot().HaveDependencyOn(dependency).GetResult();

        Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} depends on {dependency}: {Describe(result)}");
    }

    private static void AssertNoAssemblyReference(Assembly assembly, string dependency)
    {
        Assert.NotEmpty(assembly.GetReferencedAssemblies());

        var offending = ReferencesTo(assembly, dependency);

        Assert.True(offending.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", offending)}");
    }

    /// <summary>The referenced assemblies named <paramref name="dependency"/> or <c>dependency.*</c>.</summary>
    private static List<string> ReferencesTo(Assembly assembly, string dependency) =>
        assembly.GetReferencedAssemblies()
            .Select(r => r.Name ?? string.Empty)
            .Where(name => name.Equals(dependency, StringComparison.Ordinal) || name.StartsWith(dependency + ".", StringComparison.Ordinal))
            .ToList();

    private static string Describe(TestResult result) =>
        string.Join(", ", result.FailingTypeNames ?? []);
}
