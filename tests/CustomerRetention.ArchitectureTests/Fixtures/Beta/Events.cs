namespace CustomerRetention.ArchitectureTests.Fixtures.Beta.Internals;

/// <summary>Fixture: the marker the boundary rule recognises events by (by name, like the Domain's).</summary>
public interface IDomainEvent;

/// <summary>Fixture: an event of module Beta, outside its Contracts namespace yet usable by other modules.</summary>
public sealed record BetaHappened(int Count) : IDomainEvent;
