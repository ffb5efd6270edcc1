using CustomerRetention.ArchitectureTests.Fixtures.Beta.Contracts;

namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha.UsesContracts;

/// <summary>Fixture: module Alpha using module Beta through its Contracts (allowed).</summary>
public sealed class ReadsBetaContracts
{
    public BetaSummary? Summary { get; init; }
}
