namespace CustomerRetention.ArchitectureTests.Fixtures.Beta.Internals;

/// <summary>Fixture: a type of module Beta that other modules must not use.</summary>
public sealed record BetaInternals(int Count);
