namespace CustomerRetention.ArchitectureTests.Fixtures.Beta.Contracts;

/// <summary>Fixture: what module Beta offers to other modules.</summary>
public sealed record BetaSummary(int Count);
