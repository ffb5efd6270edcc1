using CustomerRetention.ArchitectureTests.Fixtures.Beta.Internals;

namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha.ReactsToBeta;

/// <summary>Fixture: module Alpha reacting to an event of module Beta (allowed), in its own folder.</summary>
public sealed class ReactsToBetaHandler
{
    public static int Handle(BetaHappened happened) => happened?.Count ?? 0;
}

/// <summary>Fixture: a reaction whose name is not its folder's.</summary>
public sealed class MisnamedHandler
{
    public static int Handle(BetaHappened happened) => happened?.Count ?? 0;
}
