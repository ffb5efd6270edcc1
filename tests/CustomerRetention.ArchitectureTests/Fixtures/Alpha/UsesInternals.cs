using CustomerRetention.ArchitectureTests.Fixtures.Beta.Internals;

namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha.UsesInternals;

/// <summary>Fixture: module Alpha using a non-Contracts type of module Beta (a violation).</summary>
public sealed class ReadsBetaInternals
{
    public BetaInternals? Internals { get; init; }
}
