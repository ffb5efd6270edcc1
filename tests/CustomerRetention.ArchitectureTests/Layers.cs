using System.Reflection;

namespace CustomerRetention.ArchitectureTests;

/// <summary>The four production assemblies, found through a type each one owns.</summary>
internal static class Layers
{
    public static Assembly Domain { get; } = typeof(Domain.Customers.Customer).Assembly;

    public static Assembly Application { get; } = typeof(Application.DependencyInjection).Assembly;

    public static Assembly Infrastructure { get; } = typeof(Infrastructure.DependencyInjection).Assembly;

    public static Assembly Api { get; } = typeof(Program).Assembly;

    public static IReadOnlyList<Assembly> All { get; } = [Domain, Application, Infrastructure, Api];
}
