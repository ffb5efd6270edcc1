using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace CustomerRetention.ArchitectureTests;

/// <summary>
/// The module rules of ARCHITECTURE.md §2a as functions over a set of types, so the tests run
/// them on the production assemblies and on the deliberately wrong fixtures under
/// <c>Fixtures/</c> (which prove that each rule reports a violation).
/// </summary>
internal static class ModuleRules
{
    /// <summary>The modules: one folder of this name in each of the four projects.</summary>
    public static IReadOnlyList<string> Modules { get; } =
        ["Customers", "Lifecycle", "Interactions", "Orders", "Timeline", "Segmentation", "Value", "Events", "Access", "Audit", "Webhooks", "Imports", "Alerts", "FollowUps", "Cases", "ServiceLevels", "Surveys"];

    /// <summary>
    /// The module folders of the Application and the Api, checked against the other modules'
    /// types in the Domain, the Application and the Api.
    /// </summary>
    public static ModuleMap Production { get; } = new(
        Layers.All,
        ["CustomerRetention.Application", "CustomerRetention.Api"],
        ["CustomerRetention.Domain", "CustomerRetention.Application", "CustomerRetention.Api"],
        Modules);

    /// <summary>
    /// The types of module M are those in <c>&lt;source root&gt;.M</c>; they must not use the types
    /// in <c>&lt;target root&gt;.Other</c> outside <c>&lt;target root&gt;.Other.Contracts</c>.
    /// </summary>
    public sealed record ModuleMap(IReadOnlyList<Assembly> Assemblies, IReadOnlyList<string> SourceRoots, IReadOnlyList<string> TargetRoots, IReadOnlyList<string> Modules);

    /// <summary>
    /// A known crossing that needs a rewrite: the types under <paramref name="Source"/> (a
    /// namespace or a type) may use the non-Contracts types of <paramref name="TargetModule"/>
    /// until the item named in <paramref name="RemovedBy"/> is done.
    /// </summary>
    public sealed record AllowedCrossing(string Source, string TargetModule, string RemovedBy);

    /// <summary>
    /// "A module uses another module only through that module's Contracts namespace" (or its
    /// events): every type
    /// of a module that depends on a type of another module outside
    /// <c>&lt;root&gt;.&lt;Other&gt;.Contracts</c>, as "type → other module", unless allowed.
    /// </summary>
    public static List<string> BoundaryViolations(ModuleMap map, IReadOnlyList<AllowedCrossing> allowed)
    {
        var types = Types.InAssemblies(map.Assemblies);
        var topLevel = types.GetTypes().Where(t => !t.IsNested && t.FullName is not null).ToList();
        var violations = new List<string>();
        foreach (var module in map.Modules)
        {
            var ownTypes = "^(" + string.Join("|", map.SourceRoots.Select(r => Regex.Escape($"{r}.{module}"))) + @")(\.|$)";
            foreach (var other in map.Modules.Where(m => m != module))
            {
                var internals = topLevel
                    .Where(t => map.TargetRoots.Any(r => In(t.Namespace, $"{r}.{other}") && !In(t.Namespace, $"{r}.{other}.Contracts")))
                    .Where(t => !IsDomainEvent(t))
                    .Select(t => t.FullName!)
                    .ToArray();
                if (internals.Length == 0)
                {
                    continue;
                }

                var result = types.That().ResideInNamespaceMatching(ownTypes).ShouldNot().HaveDependencyOnAny(internals).GetResult();
                violations.AddRange((result.FailingTypeNames ?? [])
                    .Where(name => !allowed.Any(a => a.TargetModule == other && IsUnder(name, a.Source)))
                    .Select(name => $"{name} → {other}"));
            }
        }

        return violations;
    }

    /// <summary>
    /// "A use case is one folder <c>&lt;Module&gt;/&lt;UseCase&gt;/</c> holding the command or query
    /// with its handler": every handler whose namespace is not
    /// <c>&lt;root&gt;.&lt;Module&gt;.&lt;UseCase&gt;</c>, where UseCase is its message's name without
    /// Command/Query, or whose message is elsewhere, or whose name is not UseCaseHandler.
    /// </summary>
    public static List<string> UseCaseFolderViolations(IEnumerable<(Type Handler, Type Message)> handlers, string root, IReadOnlyList<string> modules)
    {
        var violations = new List<string>();
        foreach (var (handler, message) in handlers)
        {
            var useCase = UseCaseOf(message);
            var folders = modules.Select(m => $"{root}.{m}.{useCase}").ToList();
            if (!folders.Contains(handler.Namespace ?? string.Empty) || handler.Namespace != message.Namespace || handler.Name != useCase + "Handler")
            {
                violations.Add($"{handler.FullName} (handles {message.FullName}; expected {root}.<Module>.{useCase}.{useCase}Handler)");
            }
        }

        return violations;
    }

    /// <summary>
    /// Reactions to events are use cases too: every event handler sits in
    /// <c>&lt;root&gt;.&lt;Module&gt;.&lt;Reaction&gt;</c> and is named <c>&lt;Reaction&gt;Handler</c>.
    /// </summary>
    public static List<string> ReactionFolderViolations(IEnumerable<Type> handlers, string root, IReadOnlyList<string> modules) =>
        handlers
            .Where(h =>
            {
                var reaction = Regex.Replace(h.Name, "Handler$", string.Empty);
                return reaction == h.Name || !modules.Any(m => h.Namespace == $"{root}.{m}.{reaction}");
            })
            .Select(h => $"{h.FullName} (expected {root}.<Module>.<Reaction>.<Reaction>Handler)")
            .ToList();

    /// <summary>
    /// "No file or folder packs several use cases": every namespace holding more than one command
    /// or query, and every command or query not in the folder named for it.
    /// </summary>
    public static List<string> MessagePackingViolations(IEnumerable<Type> messages)
    {
        var list = messages.ToList();
        var packed = list.GroupBy(t => t.Namespace)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} holds {string.Join(", ", g.Select(t => t.Name).Order(StringComparer.Ordinal))}");
        var misplaced = list.Where(t => t.Namespace?.Split('.')[^1] != UseCaseOf(t))
            .Select(t => $"{t.FullName} is not in a folder named {UseCaseOf(t)}");
        return [.. packed, .. misplaced];
    }

    /// <summary>
    /// A module's events are part of its contract ("or by reacting to its events"): any type that
    /// implements an interface named IDomainEvent (the production one, or a fixture's).
    /// </summary>
    public static bool IsDomainEvent(Type type) => type.GetInterfaces().Any(i => i.Name == "IDomainEvent");

    /// <summary>The use case a command or query belongs to: its name without the Command/Query suffix.</summary>
    public static string UseCaseOf(Type message) => Regex.Replace(message.Name, "(Command|Query)$", string.Empty);

    private static bool In(string? ns, string root) =>
        ns is not null && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));

    private static bool IsUnder(string typeName, string source) =>
        typeName == source || new[] { ".", "/", "+" }.Any(separator => typeName.StartsWith(source + separator, StringComparison.Ordinal));
}
